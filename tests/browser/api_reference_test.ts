/**
 * The API reference page in headless Chromium: Swagger UI renders /openapi.json from our own
 * origin under the app's Content-Security-Policy, with no violation, and the footer credit.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { openApiRoutes } from "../../routes/openapi.ts";
import { rulesRoutes } from "../../routes/rules.ts";
import { staticRoutes } from "../../routes/static.ts";
import { createApp } from "../../server/app.ts";
import { Metrics } from "../../server/metrics.ts";
import { TEST_API_KEY, testAuth } from "../api.ts";
import { testDatabase } from "../db.ts";
import { assertSound, CHROMIUM, hasChromium, SCREENSHOTS } from "./harness.ts";

Deno.test({
  name: "the API reference page renders every operation with no CSP violation",
  ignore: !hasChromium,
  fn: async () => {
    const db = await testDatabase();
    const routes = [staticRoutes(), rulesRoutes({ sql: db.sql, auth: testAuth })];
    routes.push(openApiRoutes({
      described: () => routes,
      info: { title: "MastoWatch", version: "test" },
    }));
    const app = createApp({ metrics: new Metrics(), maxBodyBytes: 65536, routes });
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      // Anyone may read the reference; the API key lets Swagger UI's calls through.
      const context = await browser.newContext({ extraHTTPHeaders: { "x-api-key": TEST_API_KEY } });
      await context.addInitScript(() => {
        const w = globalThis as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener("securitypolicyviolation", (e) => {
          w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const page = await context.newPage();
      const outside: string[] = [];
      const base = `http://127.0.0.1:${server.addr.port}`;
      page.on("request", (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith("data:")) outside.push(r.url());
      });
      await page.goto(`${base}/docs/api`);
      const ops = page.locator("#api-reference .opblock");
      await ops.first().waitFor({ timeout: 30_000 });
      // The rules routes and the three of the reference itself.
      assert.equal(await ops.count(), 9 + 3);
      assert.match(await page.locator("#api-reference .title").first().innerText(), /MastoWatch/);
      const shown = await page.locator("#api-reference").innerText();
      assert.doesNotMatch(
        shown,
        /Warning|Errors/,
        "Swagger UI has nothing to say about the document",
      );
      await assertSound(page);
      assert.deepEqual(outside, [], "nothing is fetched from another origin");
      await Deno.mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({
        path: new URL("api-reference-desktop.png", SCREENSHOTS).pathname,
        fullPage: false,
      });
    } finally {
      await browser.close();
      await server.shutdown();
      await db.close();
    }
  },
});
