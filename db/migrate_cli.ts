/**
 * `deno task migrate`: applies pending migrations and says which ran.
 * `deno task migrate --status`: changes nothing; lists each migration as applied (with when) or
 * pending, and any the database has that this code does not know (a newer version ran on it).
 * Exits 0 when nothing is pending, 2 when migrations are pending, 1 on an unknown migration.
 */
import { loadConfig } from "../config.ts";
import { openDatabase, type Sql } from "./connect.ts";
import { migrate, readMigrations } from "./migrate.ts";
import { installStarterPack } from "../rules/starter_pack.ts";

/** One migration's state. */
export interface MigrationState {
  name: string;
  state: "applied" | "pending" | "unknown";
  appliedAt?: Date;
}

/** What the database has applied against the migration files, in order; reads only. */
export async function migrationStatus(sql: Sql, files?: string[]): Promise<MigrationState[]> {
  const names = files ?? (await readMigrations()).map((m) => m.name);
  const [{ exists }] = await sql<{ exists: boolean }[]>`
    SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`;
  const rows = exists
    ? await sql<{ name: string; applied_at: Date }[]>`
        SELECT name, applied_at FROM schema_migrations ORDER BY name`
    : [];
  const applied = new Map(rows.map((r) => [r.name, r.applied_at]));
  const known: MigrationState[] = names.map((name) =>
    applied.has(name)
      ? { name, state: "applied", appliedAt: applied.get(name) }
      : { name, state: "pending" }
  );
  const unknown: MigrationState[] = rows.filter((r) => !names.includes(r.name))
    .map((r) => ({ name: r.name, state: "unknown", appliedAt: r.applied_at }));
  return [...known, ...unknown].sort((a, b) => a.name.localeCompare(b.name));
}

/** The lines `--status` prints and its exit code. */
export function statusReport(states: MigrationState[]): { lines: string[]; code: number } {
  const lines = states.map((s) =>
    `${s.state.padEnd(8)} ${s.name}${s.appliedAt ? `  (${s.appliedAt.toISOString()})` : ""}`
  );
  const pending = states.filter((s) => s.state === "pending").length;
  const unknown = states.filter((s) => s.state === "unknown").length;
  if (unknown > 0) {
    lines.push(
      `${unknown} migration(s) in the database are not in this version's db/migrations: ` +
        "a newer MastoWatch ran on this database; run that version (or newer)",
    );
    return { lines, code: 1 };
  }
  lines.push(
    pending === 0
      ? "Database is up to date."
      : `${pending} pending; \`deno task migrate\` (or starting the service) applies them`,
  );
  return { lines, code: pending === 0 ? 0 : 2 };
}

async function main(args: string[]): Promise<number> {
  const unknownFlag = args.find((a) => a !== "--status");
  if (unknownFlag) {
    console.error(`unknown argument ${unknownFlag}\nusage: deno task migrate [--status]`);
    return 1;
  }
  const { config } = loadConfig(Deno.env.toObject(), "dev");
  const db = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pg` });
  try {
    if (args.includes("--status")) {
      const { lines, code } = statusReport(await migrationStatus(db.sql));
      for (const l of lines) console.log(l);
      return code;
    }
    const applied = await migrate(db.sql);
    if (applied.length === 0) console.log("Database is up to date; no migration ran.");
    for (const name of applied) console.log(`applied ${name}`);
    const rules = await installStarterPack(db.sql);
    if (rules > 0) console.log(`installed the starter rule pack (${rules} rules)`);
    return 0;
  } finally {
    await db.close();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
