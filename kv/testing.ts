/** A PostgresKv on a fresh test database, with pg-boss in a schema of its own, for tests. */
import { testDatabase } from "../tests/db.ts";
import { PgBossQueue, type PgBossQueueOptions } from "./pg_boss_queue.ts";
import { PostgresKv } from "./postgres_kv.ts";

/** True where the Postgres adapter can be tested: pg-boss needs a real server, not PGlite. */
export const HAS_POSTGRES = Boolean(Deno.env.get("TEST_DATABASE_URL"));

/** A store on a fresh database; `another` opens a second process's view of the same database. */
export async function postgresKv(options: PgBossQueueOptions = {}) {
  const db = await testDatabase();
  const [{ s }] = await db.sql<{ s: string }[]>`SELECT current_schema() AS s`;
  const schema = `${s}_boss`;
  const opened: PostgresKv[] = [];
  const open = () => {
    const kv = new PostgresKv(db.sql, new PgBossQueue(db.sql, { schema, ...options }));
    opened.push(kv);
    return kv;
  };
  return {
    kv: open(),
    sql: db.sql,
    schemas: { kv: s, boss: schema },
    another: open,
    close: async () => {
      for (const kv of opened) await kv.shutdown();
      await db.sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}
