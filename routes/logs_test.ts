import assert from "node:assert/strict";
import { insertAudit } from "../db/audit.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { logsRoutes } from "./logs.tsx";

Deno.test("GET /logs filters by account, rule and action and pages without repeats", async () => {
  const db = await testDatabase();
  try {
    const base = Date.parse("2026-11-25T10:00:00Z");
    for (let i = 0; i < 7; i++) {
      await insertAudit(db.sql, {
        action: i % 2 ? "reported" : "skipped_below_threshold",
        accountId: i < 5 ? "100" : "200",
        runId: `run-${i}`,
        ruleNames: i % 3 === 0 ? ["crypto-link"] : ["other"],
        at: new Date(base + i * 1000),
      });
    }
    const { call } = testApp([logsRoutes({ sql: db.sql, auth: testAuth })]);
    const byAccount = await (await call("/logs?account_id=200")).json();
    assert.deepEqual(byAccount.items.map((r: { run_id: string }) => r.run_id), ["run-6", "run-5"]);
    const byRule = await (await call("/logs?rule=crypto-link")).json();
    assert.deepEqual(byRule.items.map((r: { run_id: string }) => r.run_id), [
      "run-6",
      "run-3",
      "run-0",
    ]);
    const byAction = await (await call("/logs?action=reported")).json();
    assert.equal(byAction.items.length, 3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/logs?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await (await call(path)).json();
      seen.push(...page.items.map((r: { run_id: string }) => r.run_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, ["run-6", "run-5", "run-4", "run-3", "run-2", "run-1", "run-0"]);
  } finally {
    await db.close();
  }
});

Deno.test("GET /logs with a bad filter or cursor is a 4xx", async () => {
  const db = await testDatabase();
  try {
    const { call } = testApp([logsRoutes({ sql: db.sql, auth: testAuth })]);
    assert.equal((await call("/logs?since=yesterday")).status, 422);
    assert.equal((await call("/logs?limit=0")).status, 422);
    assert.equal((await call("/logs?cursor=%%%")).status, 400);
  } finally {
    await db.close();
  }
});

Deno.test("GET /logs is a page for a browser, escaping what it shows", async () => {
  const db = await testDatabase();
  try {
    await insertAudit(db.sql, { action: "reported", accountId: "1", ruleNames: ["<b>x</b>"] });
    const { call } = testApp([logsRoutes({ sql: db.sql, auth: testAuth })]);
    const html = await (await call("/logs", { headers: { accept: "text/html" } })).text();
    assert.match(html, /<h1>Audit log<\/h1>/);
    assert.ok(html.includes("&lt;b>x&lt;/b>") || html.includes("&lt;b&gt;x&lt;/b&gt;"));
  } finally {
    await db.close();
  }
});
