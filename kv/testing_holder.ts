/**
 * A process that takes one queue message and never finishes it, for the redelivery test to kill:
 * `deno run -A kv/testing_holder.ts` with TEST_DATABASE_URL, KV_SCHEMA and BOSS_SCHEMA set.
 */
import postgres from "postgres";
import { PgBossQueue } from "./pg_boss_queue.ts";
import { PostgresKv } from "./postgres_kv.ts";

const sql = postgres(Deno.env.get("TEST_DATABASE_URL")!, {
  max: 4,
  onnotice: () => {},
  connection: { search_path: Deno.env.get("KV_SCHEMA")! },
});
const kv = new PostgresKv(sql, new PgBossQueue(sql, { schema: Deno.env.get("BOSS_SCHEMA")! }));
await kv.listenQueue((message) => {
  console.log(`held ${JSON.stringify(message)}`);
  return new Promise<void>(() => {});
});
