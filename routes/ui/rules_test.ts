import assert from "node:assert/strict";
import { installStarterPack } from "../../rules/starter_pack.ts";
import { testApp, testAuth } from "../../tests/api.ts";
import { testDatabase } from "../../tests/db.ts";
import { rulesRoutes } from "../rules.ts";
import { rulesPages } from "./rules.tsx";

Deno.test("GET /rules is a page for a browser and JSON for the API", async () => {
  const db = await testDatabase();
  try {
    await installStarterPack(db.sql);
    const { call, app } = testApp([
      rulesPages({ sql: db.sql, auth: testAuth, csrf: () => "t" }),
      rulesRoutes({ sql: db.sql, auth: testAuth }),
    ]);
    const page = await call("/rules", { headers: { accept: "text/html" } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>Rules<\/h1>/);
    assert.match(html, /Very new account/);
    assert.match(html, /goingdark\.social/);
    const json = await (await call("/rules")).json();
    assert.ok(json.rules.length > 5);
    const editor = await call(`/rules/${json.rules[0].id}`, { headers: { accept: "text/html" } });
    assert.match(await editor.text(), /data-island="RuleEditor"/);
    const anonymous = await app.request("/rules", { headers: { accept: "text/html" } });
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get("location"), "/login");
  } finally {
    await db.close();
  }
});
