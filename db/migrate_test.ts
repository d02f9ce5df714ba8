import assert from "node:assert/strict";
import { testDatabase } from "../tests/db.ts";
import { migrate } from "./migrate.ts";

Deno.test("migrate() applies each migration once and records it", async () => {
  const db = await testDatabase();
  try {
    const again = await migrate(db.sql);
    assert.deepEqual(again, []);
    const rows = await db.sql<{ name: string }[]>`SELECT name FROM schema_migrations`;
    assert.ok(rows.some((r) => r.name === "0001_init.sql"));
    const tables = await db.sql<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`;
    const names = new Set(tables.map((t) => t.table_name));
    for (const t of ["rules", "rule_versions", "accounts", "analyses", "reports", "audit_log"]) {
      assert.ok(names.has(t), `table ${t} exists`);
    }
  } finally {
    await db.close();
  }
});

Deno.test("migrate() rolls back a failing migration and records nothing of it", async () => {
  const db = await testDatabase();
  try {
    await assert.rejects(
      migrate(db.sql, [
        { name: "9001_ok.sql", sql: "CREATE TABLE should_vanish (x int)" },
        { name: "9002_bad.sql", sql: "CREATE TABLE broken (" },
      ]),
    );
    const rows = await db.sql`SELECT 1 FROM schema_migrations WHERE name LIKE '900%'`;
    assert.equal(rows.length, 0);
    const t = await db.sql`SELECT to_regclass('should_vanish') AS t`;
    assert.equal(t[0].t, null);
  } finally {
    await db.close();
  }
});

Deno.test("migrate() run by two clients at once applies each migration exactly once", async () => {
  const db = await testDatabase();
  try {
    const m = [{ name: "9100_counter.sql", sql: "CREATE TABLE once_only (x int)" }];
    const results = await Promise.all([migrate(db.sql, m), migrate(db.sql, m)]);
    assert.deepEqual(results.flat(), ["9100_counter.sql"]);
  } finally {
    await db.close();
  }
});
