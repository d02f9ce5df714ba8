import assert from "node:assert/strict";
import { testDatabase } from "../tests/db.ts";
import { openStore } from "./open.ts";
import { PostgresKv } from "./postgres_kv.ts";
import { HAS_POSTGRES } from "./testing.ts";

Deno.test("openStore() gives Deno KV for QUEUE=kv", async () => {
  const db = await testDatabase();
  const store = await openStore({ queue: "kv", kvPath: ":memory:" }, db.sql);
  try {
    assert.equal(store.queue, "kv");
    assert.ok(!(store.kv instanceof PostgresKv));
    await store.check();
  } finally {
    await store.close();
    await db.close();
  }
});

Deno.test({
  name: "openStore() gives the PostgreSQL store for QUEUE=postgres, its queue checked by /healthz",
  ignore: !HAS_POSTGRES,
  fn: async () => {
    const db = await testDatabase();
    const bossSchema = `boss_${crypto.randomUUID().slice(0, 8)}`;
    const store = await openStore({ queue: "postgres", kvPath: "unused", bossSchema }, db.sql);
    try {
      assert.equal(store.queue, "postgres");
      assert.ok(store.kv instanceof PostgresKv);
      await store.check();
      const [{ n }] = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = ${bossSchema}`;
      assert.equal(n, 1, "pg-boss is installed in its schema");
    } finally {
      await store.close();
      await db.sql.unsafe(`DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`);
      await db.close();
    }
  },
});
