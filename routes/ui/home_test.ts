import assert from "node:assert/strict";
import { setSetting } from "../../db/settings.ts";
import { testApp, testAuth } from "../../tests/api.ts";
import { testDatabase } from "../../tests/db.ts";
import { settingsReader } from "../../workflows/mod.ts";
import { homeRoutes } from "./home.tsx";

async function page(dryRunDefault: boolean, stored?: boolean) {
  const db = await testDatabase();
  try {
    if (stored !== undefined) await setSetting(db.sql, "dry_run", stored, "test");
    const { call } = testApp([homeRoutes({
      sql: db.sql,
      auth: testAuth,
      now: () => new Date("2026-12-01T12:00:00Z"),
      reportDailyBudget: 200,
      settings: settingsReader(db.sql, dryRunDefault),
    })]);
    return await (await call("/", { headers: { accept: "text/html" } })).text();
  } finally {
    await db.close();
  }
}

Deno.test("the overview warns of dry-run exactly when the workflow will apply it", async () => {
  const banner = /data-flag-banner="dry_run"/;
  assert.doesNotMatch(await page(false), banner);
  assert.match(await page(true), banner, "DRY_RUN=true with nothing stored is on");
  assert.doesNotMatch(await page(true, false), banner, "a stored setting wins over the default");
});

Deno.test("the overview's chart gets its data in a JSON attribute, never an inline script", async () => {
  const html = await page(false);
  const island = html.match(/data-island="TimelineChart" data-props="([^"]*)"/);
  assert.ok(island, "the chart island is on the page");
  const props = JSON.parse(island[1].replaceAll("&quot;", '"'));
  assert.equal(props.days, 30);
  assert.equal(props.points.length, 30);
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, "every script has a src");
  assert.match(html, /<script type="module" src="\/static\/build\/TimelineChart.js">/);
  assert.match(html, /No rule has hit yet/, "an empty table says what to do");
});
