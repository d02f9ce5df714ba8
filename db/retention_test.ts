import assert from "node:assert/strict";
import { testDatabase } from "../tests/db.ts";
import { applyRetention } from "./retention.ts";

Deno.test("applyRetention() deletes old analyses and audit rows but keeps reported evidence", async () => {
  const db = await testDatabase();
  try {
    const sql = db.sql;
    const old = new Date("2026-01-01T00:00:00Z");
    const recent = new Date("2026-11-20T00:00:00Z");
    await sql`INSERT INTO accounts (id, acct, username) VALUES ('1', 'a', 'a')`;
    const [kept] = await sql`INSERT INTO analyses (account_id, run_id, score, created_at)
      VALUES ('1', 'r-old-reported', 3, ${old}) RETURNING id`;
    await sql`INSERT INTO analyses (account_id, run_id, score, created_at)
      VALUES ('1', 'r-old', 0, ${old}), ('1', 'r-new', 0, ${recent})`;
    await sql`INSERT INTO reports (account_id, analysis_id, run_id, category, comment)
      VALUES ('1', ${kept.id}, 'r-old-reported', 'spam', 'x')`;
    await sql`INSERT INTO audit_log (action, at) VALUES ('old', ${old}), ('new', ${recent})`;
    const deleted = await applyRetention(sql, 90, new Date("2026-11-25T00:00:00Z"));
    assert.deepEqual(deleted, { analyses: 1, audit: 1, backtests: 0, waves: 0 });
    const runs = (await sql`SELECT run_id FROM analyses ORDER BY run_id`).map((r) => r.run_id);
    assert.deepEqual(runs, ["r-new", "r-old-reported"]);
  } finally {
    await db.close();
  }
});

Deno.test("applyRetention() deletes finished old backtests and old waves, keeping a reported one", async () => {
  const db = await testDatabase();
  try {
    const sql = db.sql;
    const old = new Date("2026-01-01T00:00:00Z");
    const recent = new Date("2026-11-20T00:00:00Z");
    await sql`INSERT INTO accounts (id, acct, username) VALUES ('1', 'a', 'a'), ('2', 'b', 'b')`;
    await sql`INSERT INTO backtests (actor, state, days, spec, created_at) VALUES
      ('m1', 'done', 7, '{}', ${old}), ('m2', 'running', 7, '{}', ${old}),
      ('m3', 'failed', 7, '{}', ${recent})`;
    const [reported] = await sql`INSERT INTO waves (first_seen, last_seen)
      VALUES (${old}, ${old}) RETURNING id`;
    const [quiet] = await sql`INSERT INTO waves (first_seen, last_seen)
      VALUES (${old}, ${old}) RETURNING id`;
    await sql`INSERT INTO waves (first_seen, last_seen) VALUES (${recent}, ${recent})`;
    await sql`INSERT INTO wave_members (account_id, wave_id) VALUES
      ('1', ${reported.id}), ('2', ${quiet.id})`;
    await sql`INSERT INTO reports (account_id, run_id, category, comment)
      VALUES ('1', 'r1', 'spam', 'x')`;
    const deleted = await applyRetention(sql, 90, new Date("2026-11-25T00:00:00Z"));
    assert.equal(deleted.backtests, 1, "the old finished one; a running one stays");
    assert.equal(deleted.waves, 1, "the old wave nobody was reported from");
    const actors = (await sql`SELECT actor FROM backtests ORDER BY actor`).map((r) => r.actor);
    assert.deepEqual(actors, ["m2", "m3"]);
    const waves = (await sql`SELECT id FROM waves ORDER BY id`).map((r) => String(r.id));
    assert.ok(waves.includes(String(reported.id)) && !waves.includes(String(quiet.id)));
    assert.equal(waves.length, 2);
  } finally {
    await db.close();
  }
});
