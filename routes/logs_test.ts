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

Deno.test("GET /logs with a bad filter or cursor is a 400 naming the parameter", async () => {
  const db = await testDatabase();
  try {
    const { call } = testApp([logsRoutes({ sql: db.sql, auth: testAuth })]);
    const bad: [string, string][] = [
      ["since=yesterday", "since"],
      ["limit=0", "limit"],
      ["cursor=%%%", "cursor"],
      ["cursor=zz", "cursor"],
      // Well-formed, but a row id beyond bigint and a time Postgres cannot hold.
      [`cursor=${btoa("2026-11-25T10:00:00.000Z|99999999999999999999")}`, "cursor"],
      [`cursor=${encodeURIComponent(btoa("+275000-01-01T00:00:00.000Z|5"))}`, "cursor"],
      ["account_id=%00", "account_id"],
      ["rule=a%00b", "rule"],
      [`action=${"x".repeat(101)}`, "action"],
    ];
    for (const [q, field] of bad) {
      const res = await call(`/logs?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal((await res.json()).error.details[0].field, field, q);
    }
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
