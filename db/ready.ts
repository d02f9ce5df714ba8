/** Waits for the database at start-up: retries with capped backoff until migrations apply. */
import type { Sql } from "./connect.ts";
import { migrate } from "./migrate.ts";
import { logger } from "../server/log.ts";

const log = logger("db");

/** Options for the retry loop; `sleep` is injected so tests need not wait. */
export interface ReadyOptions {
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Applies pending migrations, retrying while the database is unreachable; returns those applied. */
export async function migrateWhenReady(sql: Sql, opts: ReadyOptions = {}): Promise<string[]> {
  const sleep = opts.sleep ?? defaultSleep;
  let delay = opts.initialDelayMs ?? 500;
  for (let attempt = 1;; attempt++) {
    try {
      const applied = await migrate(sql);
      if (applied.length > 0) log.info("Applied migrations: {applied}", { applied });
      return applied;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      log.warn("Database not ready (attempt {attempt}), retrying in {delay} ms: {error}", {
        attempt,
        delay,
        error: err instanceof Error ? err.message : String(err),
      });
      await sleep(delay);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 30_000);
    }
  }
}
