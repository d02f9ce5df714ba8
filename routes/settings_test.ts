import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { setSetting } from "../db/settings.ts";
import { JobBoard } from "../intake/scheduler.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { settingsReader } from "../workflows/mod.ts";
import { settingsRoutes } from "./settings.tsx";

const { config } = loadConfig({ REPORT_THRESHOLD: "2.5", REPORT_FOLLOWUP_HOURS: "36" }, "test");

async function setup(settings?: { read(): Promise<never> }) {
  const db = await testDatabase();
  const board = new JobBoard(() => Date.parse("2026-12-01T10:00:00Z"));
  const [poll] = board.track([{
    name: "poll-remote-accounts",
    seconds: 30,
    run: () => Promise.reject(new Error("Mastodon answered 503")),
  }]);
  await poll.run().catch(() => {});
  const { call } = testApp([settingsRoutes({
    config,
    sql: db.sql,
    auth: testAuth,
    settings: settings ?? settingsReader(db.sql, false),
    checks: [
      { name: "postgres", check: () => Promise.resolve() },
      { name: "mastodon", check: () => Promise.reject(new Error("connection refused")) },
    ],
    schedules: board,
  })]);
  return { db, call };
}

Deno.test("GET /settings shows the stored switches, limits, health and schedules", async () => {
  const { db, call } = await setup();
  try {
    await setSetting(db.sql, "dry_run", true, "@mod");
    const view = await (await call("/settings")).json();
    assert.deepEqual(view.flags, { ok: true, dry_run: true, panic_stop: false });
    assert.equal(view.changed[0].updated_by, "@mod");
    const limit = (env: string) => view.limits.find((l: { env: string }) => l.env === env).value;
    assert.equal(limit("REPORT_THRESHOLD"), "2.5");
    assert.equal(limit("REPORT_FOLLOWUP_HOURS"), "36");
    assert.deepEqual(
      view.health.map((
        h: { name: string; ok: boolean; error?: string },
      ) => [h.name, h.ok, h.error]),
      [["postgres", true, undefined], ["mastodon", false, "connection refused"]],
    );
    const [s] = view.schedules;
    assert.equal(s.name, "poll-remote-accounts");
    assert.equal(s.last_error, "Mastodon answered 503");
    assert.equal(s.next_run_at, "2026-12-01T10:00:30.000Z");
    const page = await (await call("/settings", { headers: { accept: "text/html" } })).text();
    assert.match(page, /data-flag="dry_run">ON</);
    assert.match(page, /action="\/config\/dry_run\?enable=false"/);
  } finally {
    await db.close();
  }
});

Deno.test("the settings page says the switches cannot be read instead of guessing them", async () => {
  const broken = { read: () => Promise.reject(new Error("relation settings does not exist")) };
  const { db, call } = await setup(broken);
  try {
    const view = await (await call("/settings")).json();
    assert.deepEqual(view.flags, { ok: false, error: "relation settings does not exist" });
    const page = await (await call("/settings", { headers: { accept: "text/html" } })).text();
    assert.match(page, /cannot be read \(relation settings does not exist\)/);
    assert.doesNotMatch(page, /data-flag="dry_run"/);
  } finally {
    await db.close();
  }
});
