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
      csrf: () => "t",
      settings: settingsReader(db.sql, dryRunDefault),
    })]);
    const html = await (await call("/", { headers: { accept: "text/html" } })).text();
    return html.match(/data-flag="dry_run">([^<]*)</)?.[1];
  } finally {
    await db.close();
  }
}

Deno.test("the overview shows dry-run as the workflow will apply it", async () => {
  assert.equal(await page(false), "off");
  assert.equal(await page(true), "ON", "DRY_RUN=true with nothing stored is on");
  assert.equal(await page(true, false), "off", "a stored setting wins over the default");
});
