/** Applies the plain-SQL migrations in db/migrations in order, each once, in a transaction. */
import type { Sql } from "./connect.ts";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);
// Any fixed number: every process that migrates takes the same advisory lock.
const LOCK_KEY = 727_001;

/** A migration file: its name (sorts in order) and its SQL. */
export interface Migration {
  name: string;
  sql: string;
}

/** Reads the migration files, sorted by name. */
export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".sql")) names.push(e.name);
  }
  names.sort();
  return await Promise.all(
    names.map(async (name) => ({ name, sql: await Deno.readTextFile(new URL(name, dir)) })),
  );
}

/**
 * Applies every migration not yet recorded and returns the names applied. Two processes
 * starting at once serialise on an advisory lock, so each migration runs exactly once.
 */
export async function migrate(sql: Sql, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? await readMigrations();
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
    const done = new Set(
      (await tx<{ name: string }[]>`SELECT name FROM schema_migrations`).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.name)) continue;
      await tx.unsafe(m.sql);
      await tx`INSERT INTO schema_migrations (name) VALUES (${m.name})`;
      applied.push(m.name);
    }
    return applied;
  });
}
