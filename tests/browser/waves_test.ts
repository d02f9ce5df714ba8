/**
 * The spam waves pages and the rule editor's backtest in headless Chromium: the waves list
 * against GET /waves, a wave's page with its accounts, shared link and suggestion, and a
 * backtest of a draft rule that agrees with the API's.
 */
import assert from "node:assert/strict";
import { assertSound, hasChromium, logIn, shoot, startBrowserStack } from "./harness.ts";

interface Wave {
  id: string;
  size: number;
  accounts: { id: string; acct: string }[];
  shared: { links: { sample: string }[] };
  suggestions: string[];
}

Deno.test({
  name: "a moderator reads the spam waves and backtests a draft rule in a browser",
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const s = await startBrowserStack();
    const { stack, base } = s;
    try {
      const { page } = await s.newPage();
      await logIn(page, base, "moderator");
      const waves: Wave[] = await (await stack.api("/waves")).json();
      assert.ok(waves.length >= 3, `the seeded waves are found (${waves.length})`);

      await t.step("the waves list shows every wave with its size", async () => {
        await page.click('nav a[href="/waves"]');
        await page.waitForURL(`${base}/waves`);
        const ids = await page.locator("[data-wave]").evaluateAll((els) =>
          els.map((e) => e.getAttribute("data-wave"))
        );
        assert.deepEqual(ids, waves.map((w) => w.id));
        const sizes = await page.locator("table.waves [data-size]").allTextContents();
        assert.deepEqual(sizes, waves.map((w) => String(w.size)));
        await assertSound(page);
        await shoot(page, "waves");
      });

      await t.step(
        "a wave's page lists its accounts, what they share and a suggestion",
        async () => {
          const biggest = [...waves].sort((a, b) => b.size - a.size)[0];
          await page.click(`[data-wave="${biggest.id}"]`);
          await page.waitForURL(`${base}/waves/${biggest.id}`);
          assert.equal(await page.textContent("h1"), `Wave #${biggest.id}`);
          assert.equal(await page.textContent("[data-size]"), String(biggest.size));
          const rows = await page.locator("table.wave-accounts tbody tr").count();
          assert.equal(rows, biggest.accounts.length);
          assert.match(
            await page.textContent('ul[data-shared="links"]') ?? "",
            new RegExp(biggest.shared.links[0].sample.replace(/[.?]/g, "\\$&")),
          );
          const suggestions = await page.locator(".suggestions li").allTextContents();
          assert.deepEqual(suggestions, biggest.suggestions);
          assert.match(suggestions[0], /accounts come from \d domains?/);
          await page.click(`table.wave-accounts a >> nth=0`);
          await page.waitForURL(`${base}/accounts/${encodeURIComponent(biggest.accounts[0].id)}`);
          await page.goBack();
          await assertSound(page);
          await shoot(page, "wave");
        },
      );

      await t.step("the rule editor backtests a draft before it is saved", async () => {
        const rule = { name: "Sourdough talk", detector_type: "keyword", pattern: "sourdough" };
        const viaApi = await stack.api("/backtest", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ rule, days: 7 }),
        });
        assert.equal(viaApi.status, 202);
        const { id } = await viaApi.json();
        let expected;
        for (let i = 0; i < 300; i++) {
          expected = await (await stack.api(`/backtest/${id}`)).json();
          if (expected.state !== "running") break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(expected.state, "done");

        await page.goto(`${base}/rules/new`);
        await page.fill("#rule-name", rule.name);
        await page.fill("#rule-pattern", rule.pattern);
        await page.fill("#backtest-days", "100000");
        await page.click("[data-backtest]");
        const refused = page.locator("[data-backtest-error]");
        await refused.waitFor();
        assert.match(await refused.textContent() ?? "", /at most \d+/);
        await page.fill("#backtest-days", "7");
        await page.click("[data-backtest]");
        await page.waitForSelector('[data-backtest-result="done"]', { timeout: 60_000 });
        const heading = await page.textContent("[data-backtest-would-report] h4");
        assert.equal(heading, `Would now be reported: ${expected.would_report_count}`);
        assert.ok(
          expected.would_report_count > 0,
          "accounts that talk of sourdough would be reported",
        );
        const listed = await page.locator("[data-backtest-would-report] li a").evaluateAll((els) =>
          els.map((e) => e.getAttribute("data-account"))
        );
        assert.deepEqual(
          listed,
          expected.would_report.slice(0, 20).map((a: { account_id: string }) => a.account_id),
        );
        const [saved] = await stack.service.ctx
          .sql`SELECT count(*)::int AS n FROM rules WHERE name = ${rule.name}`;
        assert.equal(saved.n, 0, "a backtest saves nothing");
        await assertSound(page);
        await shoot(page, "rule-backtest");
      });
    } finally {
      await s.close();
    }
  },
});
