import assert from "node:assert/strict";
import postgres from "postgres";
import { openDatabase, type Sql } from "./connect.ts";
import { migrate, readMigrations } from "./migrate.ts";
import { migrationStatus, statusReport } from "./migrate_cli.ts";

/** An empty database (no migration applied): a fresh schema on TEST_DATABASE_URL, else PGlite. */
async function emptyDatabase(): Promise<{ sql: Sql; close(): Promise<void> }> {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (!url) return await openDatabase({ dataDir: "memory://" });
  const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE SCHEMA ${schema}`);
  const sql = postgres(url, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
  return {
    sql,
    close: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end({ timeout: 5 });
    },
  };
}

Deno.test("migrationStatus() lists every migration as pending on an empty database and creates nothing", async () => {
  const db = await emptyDatabase();
  try {
    const files = (await readMigrations()).map((m) => m.name);
    const states = await migrationStatus(db.sql);
    assert.deepEqual(states.map((s) => s.name), files);
    assert.ok(states.every((s) => s.state === "pending"));
    const [{ t }] = await db.sql`SELECT to_regclass('schema_migrations') AS t`;
    assert.equal(t, null, "--status must not create the migrations table");
    const report = statusReport(states);
    assert.equal(report.code, 2);
    assert.match(report.lines.at(-1)!, new RegExp(`^${files.length} pending`));
  } finally {
    await db.close();
  }
});

Deno.test("migrationStatus() tells applied from pending, with when each was applied", async () => {
  const db = await emptyDatabase();
  try {
    const all = await readMigrations();
    await migrate(db.sql, all.slice(0, 2));
    const states = await migrationStatus(db.sql);
    assert.deepEqual(states.slice(0, 2).map((s) => s.state), ["applied", "applied"]);
    assert.ok(states[0].appliedAt instanceof Date);
    assert.ok(states.slice(2).every((s) => s.state === "pending"));
    await migrate(db.sql);
    const done = statusReport(await migrationStatus(db.sql));
    assert.equal(done.code, 0);
    assert.equal(done.lines.at(-1), "Database is up to date.");
    assert.match(done.lines[0], /^applied {2}0001_init\.sql {2}\(\d{4}-\d\d-\d\dT/);
  } finally {
    await db.close();
  }
});

Deno.test("statusReport() names a migration the database has but this version lacks", async () => {
  const db = await emptyDatabase();
  try {
    await migrate(db.sql);
    await db.sql`INSERT INTO schema_migrations (name) VALUES ('9999_from_a_newer_version.sql')`;
    const states = await migrationStatus(db.sql);
    assert.deepEqual(states.at(-1)?.state, "unknown");
    const report = statusReport(states);
    assert.equal(report.code, 1);
    assert.ok(report.lines.some((l) => l.startsWith("unknown  9999_from_a_newer_version.sql")));
    assert.match(report.lines.at(-1)!, /a newer MastoWatch ran on this database/);
  } finally {
    await db.close();
  }
});

Deno.test("deno task migrate --status reads and exits 2 while migrations are pending, 0 once applied", async () => {
  const base = Deno.env.get("TEST_DATABASE_URL");
  const dataDir = await Deno.makeTempDir();
  let env: Record<string, string> = { DATA_DIR: dataDir };
  let drop = async () => {};
  if (base) {
    const name = `mw_migrate_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    env = { ...env, DATABASE_URL: url.toString() };
    drop = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    };
  }
  const cli = async (...args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./migrate_cli.ts", import.meta.url).pathname, ...args],
      // Nothing of the test's own environment (a DATABASE_URL, say) may reach the task.
      clearEnv: true,
      env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, text: new TextDecoder().decode(out.stdout) };
  };
  try {
    const before = await cli("--status");
    assert.equal(before.code, 2, before.text);
    assert.match(before.text, /^pending {2}0001_init\.sql$/m);
    const applied = await cli();
    assert.equal(applied.code, 0, applied.text);
    assert.match(applied.text, /^applied 0001_init\.sql$/m);
    const after = await cli("--status");
    assert.equal(after.code, 0, after.text);
    assert.match(after.text, /^Database is up to date\.$/m);
    const wrong = await cli("--stats");
    assert.equal(wrong.code, 1);
  } finally {
    await drop();
    await Deno.remove(dataDir, { recursive: true });
  }
});
