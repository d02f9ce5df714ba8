/**
 * Opens the store of workflow state and the queue, by QUEUE: Deno KV (a local file, its folder
 * created, or a remote KV's URL) for one process, or the service's PostgreSQL for N processes.
 */
import type { Sql } from "../db/connect.ts";
import { PgBossQueue } from "./pg_boss_queue.ts";
import type { Kv } from "./port.ts";
import { PostgresKv } from "./postgres_kv.ts";

/** Opens the KV store at `path`; ":memory:" gives a throwaway store. */
export async function openKv(path: string): Promise<Deno.Kv> {
  if (path !== ":memory:" && !/^https?:\/\//.test(path)) {
    const slash = path.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
  }
  return await Deno.openKv(path);
}

/** An open store, which queue it runs, and how to close it. */
export interface Store {
  kv: Kv;
  queue: "kv" | "postgres";
  close(): Promise<void>;
}

/** Opens the store QUEUE names; in postgres mode on `sql`, whose tables migration 0007 makes. */
export async function openStore(
  opts: { queue: "kv" | "postgres"; kvPath: string },
  sql: Sql,
): Promise<Store> {
  if (opts.queue === "postgres") {
    const kv = new PostgresKv(sql, new PgBossQueue(sql));
    return { kv, queue: "postgres", close: () => kv.shutdown() };
  }
  const kv = await openKv(opts.kvPath);
  return { kv, queue: "kv", close: () => Promise.resolve(kv.close()) };
}
