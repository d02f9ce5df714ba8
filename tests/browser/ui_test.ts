/**
 * The admin UI in a real browser (headless Chromium): a moderator logs in through the Mastodon
 * server's OAuth, sees the overview with the footer credit, flips a flag with a CSRF-protected
 * form, follows a report to the account's evidence, and tries a rule in the editor island. A
 * member without a moderation role is turned away.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { deliverEverything } from "../e2e/reports.ts";
import { startStack } from "../e2e/stack.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

async function buildIslands() {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/build_islands.ts"],
    cwd: new URL("../../", import.meta.url).pathname,
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test({
  name: "a moderator logs in, reviews reports and evidence, flips dry-run and tries a rule",
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await buildIslands();
    const stack = await startStack({
      env: {
        OAUTH_CLIENT_ID: "dev-client",
        OAUTH_CLIENT_SECRET: "dev-secret",
        SESSION_SECRET: "browser-test-session-secret-0123456789",
      },
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      await deliverEverything(stack);
      await stack.idle(120_000);
      const page = await browser.newPage();
      const base = stack.service.url;

      await page.goto(`${base}/`);
      assert.match(page.url(), /\/oauth\/authorize/, "sent to the Mastodon server to log in");
      await page.click('button[value="moderator"]');
      await page.waitForURL(`${base}/`);
      assert.equal(await page.textContent("h1"), "Overview");
      const credit = page.locator('footer a[href="https://goingdark.social"]');
      assert.equal(await credit.textContent(), "Made for goingdark.social");
      const reports = Number(await page.textContent('[data-count="reports"]'));
      assert.ok(reports >= 50, `overview counts the reports filed (${reports})`);

      // The CSRF-protected form flips dry-run and comes back to the overview.
      assert.equal(await page.textContent('[data-flag="dry_run"]'), "off");
      await page.click('form[action^="/config/dry_run"] button');
      await page.waitForURL(`${base}/`);
      assert.equal(await page.textContent('[data-flag="dry_run"]'), "ON");
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === "mw_session");
      assert.equal(session?.httpOnly, true);
      assert.equal(session?.sameSite, "Lax");

      // From the latest report to the account's evidence.
      await page.click(".latest-reports a >> nth=0");
      assert.match(page.url(), /\/accounts\/\d+$/);
      assert.equal(await page.textContent("h2 >> nth=0"), "Latest analysis");
      assert.ok((await page.locator("q").count()) > 0, "evidence is shown");

      // The live island refreshes the counts from the API with the session.
      await page.goto(`${base}/workflows`);
      await page.waitForFunction(() =>
        document.querySelector(".live-status")?.getAttribute("data-stale") === "false"
      );

      // The rule editor island dry-runs the rule on its sample.
      await page.goto(`${base}/rules`);
      await page.click("tbody tr >> nth=0 >> a");
      await page.click("text=Try on the sample");
      await page.waitForFunction(() =>
        (document.querySelector(".result")?.textContent ?? "").startsWith("Score")
      );

      // A member of the server without a moderation role may not enter.
      const other = await browser.newPage();
      await other.goto(`${base}/login`);
      await other.click('button[value="member"]');
      await other.waitForLoadState();
      assert.match(await other.textContent("main") ?? "", /may not moderate/);
    } finally {
      await browser.close();
      await stack.stop();
    }
  },
});
