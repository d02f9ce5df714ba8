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
  /** Throws when the store, or its queue, cannot be used (for /healthz). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the store QUEUE names; in postgres mode on `sql`, whose tables migration 0007 makes, with
 * pg-boss in its own schema (`pgboss` unless `bossSchema` says otherwise).
 */
export async function openStore(
  opts: { queue: "kv" | "postgres"; kvPath: string; bossSchema?: string },
  sql: Sql,
): Promise<Store> {
  if (opts.queue === "postgres") {
    const queue = new PgBossQueue(sql, { schema: opts.bossSchema });
    const kv = new PostgresKv(sql, queue);
    return {
      kv,
      queue: "postgres",
      check: async () => void await Promise.all([kv.get(["health"]), queue.start()]),
      close: () => kv.shutdown(),
    };
  }
  const kv = await openKv(opts.kvPath);
  return {
    kv,
    queue: "kv",
    check: async () => void await kv.get(["health"]),
    close: () => Promise.resolve(kv.close()),
  };
}
