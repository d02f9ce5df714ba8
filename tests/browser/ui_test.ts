/**
 * The admin UI in a real browser (headless Chromium) against the service and the development
 * Mastodon server, as a moderator uses it during a spam wave. Every page visited is checked for
 * the footer credit and for Content-Security-Policy violations, and saved at desktop and phone
 * width under tests/browser/screenshots/.
 */
import assert from "node:assert/strict";
import { upsertAccount } from "../../db/accounts.ts";
import { sampleAdminAccount } from "../../mastodon/testing/samples.ts";
import { assertSound, hasChromium, logIn, shoot, startBrowserStack } from "./harness.ts";

const count = async (page: import("playwright-core").Page, id: string) =>
  Number(await page.textContent(`[data-count="${id}"]`));

Deno.test({
  name: "a moderator works through the admin UI in a browser",
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const s = await startBrowserStack();
    const { stack, base } = s;
    const sql = stack.service.ctx.sql;
    try {
      const { context, page } = await s.newPage();

      await t.step("a moderator logs in through Mastodon and lands on the overview", async () => {
        await page.goto(`${base}/settings`);
        assert.match(
          page.url(),
          /\/login\?next=%2Fsettings$/,
          "a page without a session sends to login",
        );
        await assertSound(page);
        await shoot(page, "login");
        await page.click("a[data-login]");
        await page.waitForURL(/\/oauth\/authorize\?/);
        const authorize = new URL(page.url());
        assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
        assert.equal(authorize.searchParams.get("scope"), "read:accounts");
        await page.click('button[value="moderator"]');
        await page.waitForURL(`${base}/settings`);
        const session = (await context.cookies()).find((c) => c.name === "mw_session");
        assert.equal(session?.httpOnly, true);
        assert.equal(session?.sameSite, "Lax");
        await page.goto(`${base}/`);
        assert.equal(await page.textContent("h1"), "Overview");
        await assertSound(page);
      });

      await t.step(
        "the overview's numbers are the database's, and the timeline draws",
        async () => {
          const [acted, dismissed] = stack.dev.server.dev.state.reports;
          // A moderator's decision as Mastodon records it: a suspension, and a dismissal.
          const decisions = [
            [acted.id, { action_taken: true, action: "suspend" }],
            [dismissed.id, { action_taken: false }],
          ] as const;
          for (const [id, decision] of decisions) {
            const res = await fetch(`${stack.dev.url}/_dev/reports/${id}/resolve`, {
              method: "POST",
              body: JSON.stringify(decision),
            });
            assert.equal(res.status, 200);
            await res.body?.cancel();
          }
          await stack.runJob("sync-report-outcomes");
          await page.reload();
          const [db] = await sql<Record<string, number>[]>`SELECT
          (SELECT count(*)::int FROM accounts WHERE last_analysis_at IS NOT NULL) AS analysed,
          (SELECT count(*)::int FROM reports) AS filed,
          (SELECT count(*)::int FROM report_outcomes WHERE action_taken) AS actioned,
          (SELECT count(*)::int FROM reports r JOIN report_outcomes o ON o.report_id = r.id
            WHERE r.state = 'resolved' AND NOT o.action_taken) AS dismissed,
          (SELECT count(*)::int FROM reports r WHERE r.state = 'open' AND NOT EXISTS (
            SELECT 1 FROM report_outcomes o WHERE o.report_id = r.id AND o.action_taken)) AS open`;
          assert.ok(db.filed >= 50, `the wave was reported (${db.filed})`);
          assert.equal(await count(page, "accounts_analysed"), db.analysed);
          assert.equal(await count(page, "reports"), db.filed);
          assert.equal(await count(page, "reports_actioned"), db.actioned);
          assert.equal(await count(page, "reports_dismissed"), db.dismissed);
          assert.equal(await count(page, "reports_open"), db.open);
          assert.equal(db.actioned, 1);
          assert.equal(db.dismissed, 1);
          await page.waitForSelector(".chart .uplot canvas");
          assert.ok(await page.locator(".top-rules tbody tr").count() > 0, "top rules listed");
          await page.click('.chart button:has-text("7 days")');
          await page.waitForSelector('[data-timeline-days="7"] .uplot canvas');
          await assertSound(page);
          await shoot(page, "overview");
        },
      );

      await t.step(
        "an account's evidence marks the match and links to Mastodon's admin",
        async () => {
          await page.goto(`${base}/accounts`);
          assert.match(await page.textContent("[data-sort]") ?? "", /highest score first/);
          const scores = (await page.locator("td [data-score]").allTextContents()).map(Number);
          assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted as it says");
          await assertSound(page);
          await shoot(page, "accounts");
          await page.click("table.accounts tbody tr >> nth=0 >> a");
          await page.waitForURL(/\/accounts\/\d+$/);
          const id = page.url().split("/").pop()!;
          assert.ok(await page.locator(".hits mark").count() > 0, "matched text is marked");
          const evidence = page.locator('.hits a[href^="#status-"] >> nth=0');
          const anchor = await evidence.getAttribute("href");
          await evidence.click();
          assert.ok(page.url().endsWith(anchor!), "the evidence leads to its status");
          assert.equal(await page.locator(`article${anchor}`).count(), 1);
          const reportLink = await page.getAttribute("[data-admin-report]", "href");
          assert.match(reportLink ?? "", new RegExp(`^${stack.dev.url}/admin/reports/\\d+$`));
          await assertSound(page);
          await shoot(page, "account");
          await page.click("[data-admin-account]");
          await page.waitForURL(`${stack.dev.url}/admin/accounts/${id}`);
          await page.goBack();
        },
      );

      await t.step(
        "a rule is created past a field error, tested, enabled and reverted",
        async () => {
          await page.goto(`${base}/rules/new`);
          await page.fill("#rule-name", "Free coins wave");
          await page.selectOption("#rule-detector_type", "regex");
          await page.fill("#rule-pattern", "free\\s+(coins");
          await page.click("[data-save-rule]");
          const error = page.locator('[data-field="pattern"] .field-error');
          await error.waitFor();
          assert.match(await error.textContent() ?? "", /not a valid regular expression/);
          await assertSound(page);
          await shoot(page, "rule-new-error");
          await page.fill("#rule-pattern", "free\\s+coins");
          await page.check('input[name="source"][value="json"]');
          await page.click("[data-test-rule]");
          await page.waitForSelector(".test-result");
          assert.match(await page.textContent(".test-result") ?? "", /It matches/);
          await page.click("[data-save-rule]");
          await page.waitForURL(/\/rules\/\d+\?saved=1$/);
          const toggle = page.locator("[data-rule-toggle]");
          assert.equal(await toggle.textContent(), "Enable", "a new rule starts disabled");
          await toggle.click();
          await page.waitForLoadState();
          assert.equal(await page.locator("[data-rule-toggle]").textContent(), "Disable");
          assert.deepEqual(await page.locator("[data-version]").allTextContents(), ["2", "1"]);
          await page.click('[data-revert="1"]');
          await page.waitForURL(/\?saved=3$/);
          assert.equal(await page.locator("[data-rule-toggle]").textContent(), "Enable");
          assert.match(await page.textContent(".history tbody tr >> nth=0") ?? "", /revert/);
          await assertSound(page);
          await shoot(page, "rule");
          await page.goto(`${base}/rules`);
          assert.match(await page.textContent("table.rules") ?? "", /Free coins wave/);
          await assertSound(page);
          await shoot(page, "rules");
        },
      );

      await t.step("dry-run is switched on and off from Settings", async () => {
        await page.goto(`${base}/settings`);
        assert.equal(await page.textContent('[data-flag="dry_run"]'), "off");
        await page.click('[data-flag-toggle="dry_run"]');
        await page.waitForURL(`${base}/settings`);
        assert.equal(await page.textContent('[data-flag="dry_run"]'), "ON");
        const [stored] = await sql<{ value: boolean }[]>`
          SELECT value FROM settings WHERE key = 'dry_run'`;
        assert.equal(stored.value, true);
        assert.ok(await page.locator(".schedules tbody tr").count() > 0, "schedules listed");
        await assertSound(page);
        await shoot(page, "settings");
        await page.click('[data-flag-toggle="dry_run"]');
        await page.waitForURL(`${base}/settings`);
        assert.equal(await page.textContent('[data-flag="dry_run"]'), "off");
      });

      await t.step("a display name containing <script> is shown as text", async () => {
        const hostile = sampleAdminAccount("990001");
        hostile.account.display_name =
          `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">`;
        await upsertAccount(sql, hostile);
        await page.goto(`${base}/accounts/990001`);
        assert.match(
          await page.textContent(".display-name") ?? "",
          /^<script>window.__xss = 1<\/script>/,
        );
        assert.equal(
          await page.evaluate(() => (globalThis as { __xss?: number }).__xss),
          undefined,
        );
        await assertSound(page);
      });

      await t.step(
        "the workflows and audit log pages answer, the log filtered and paged",
        async () => {
          await page.goto(`${base}/workflows`);
          await page.waitForSelector('.live-status[data-stale="false"]', { state: "attached" });
          await assertSound(page);
          await shoot(page, "workflows");
          await page.goto(`${base}/logs?limit=5`);
          await page.fill("#f-action", "reported");
          await page.click('form.filters button[type="submit"]');
          await page.waitForURL(/action=reported/);
          const actions = await page.locator(".audit-log tbody tr td:nth-child(2)")
            .allTextContents();
          assert.ok(actions.length > 0 && actions.every((a) => a === "reported"), actions.join());
          await page.click('a[rel="next"]');
          await page.waitForURL(/cursor=/);
          assert.ok(await page.locator(".audit-log tbody tr").count() > 0, "an older page");
          await assertSound(page);
          await shoot(page, "logs");
        },
      );

      await t.step("an error page says what went wrong and carries the footer", async () => {
        const res = await page.goto(`${base}/accounts/424242424242`);
        assert.equal(res?.status(), 404);
        assert.match(await page.textContent("main") ?? "", /has not been seen by MastoWatch/);
        await assertSound(page);
        await shoot(page, "error");
      });

      await t.step("after logout the old session cookie is refused", async () => {
        const old = (await context.cookies()).find((c) => c.name === "mw_session")!;
        await page.click('header form[action="/admin/logout"] button');
        await page.waitForURL(`${base}/login`);
        await assertSound(page);
        const replay = await s.newPage();
        await replay.context.addCookies([old]);
        await replay.page.goto(`${base}/`);
        assert.match(replay.page.url(), /\/login$/);
        const me = await replay.context.request.get(`${base}/api/v1/me`);
        assert.equal(me.status(), 401);
        await replay.context.close();
      });

      await t.step("a member without a moderation role is turned away", async () => {
        const other = await s.newPage();
        await logIn(other.page, base, "member");
        assert.match(await other.page.textContent("main") ?? "", /may not moderate/);
        await assertSound(other.page);
        assert.equal((await other.context.cookies()).some((c) => c.name === "mw_session"), false);
        await other.context.close();
      });
      await context.close();
    } finally {
      await s.close();
    }
  },
});
