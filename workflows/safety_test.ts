import assert from "node:assert/strict";
import { auditForRun } from "../db/audit.ts";
import { setSetting } from "../db/settings.ts";
import { report } from "./steps/report.ts";
import { getRun, resumeWaiting, startRun } from "./runs.ts";
import { drive, harness, spamAccount } from "./testing.ts";
import { processRun } from "./dispatch.ts";

Deno.test("panic stop holds every run without losing it; lifting it files the report", async () => {
  const h = await harness();
  try {
    await setSetting(h.deps.sql, "panic_stop", true, "moderator");
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const held = await drive(h.deps, runId);
    assert.equal(held.state, "waiting");
    assert.equal(held.reason, "panic_stop");
    await processRun(h.deps, runId);
    assert.equal((await getRun(h.deps, runId))?.state, "waiting", "a re-check while stopped holds");
    assert.equal(h.mastodon.calls.length, 0, "nothing reached Mastodon");
    await setSetting(h.deps.sql, "panic_stop", false, "moderator");
    assert.equal(await resumeWaiting(h.deps), 1);
    const done = await drive(h.deps, runId);
    assert.equal(done.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("panic stop set mid-run pauses the run at its next step", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await processRun(h.deps, runId); // queued → fetch_context
    await processRun(h.deps, runId); // fetch_context → score
    await setSetting(h.deps.sql, "panic_stop", true, "moderator");
    const held = await drive(h.deps, runId);
    assert.equal(held.state, "waiting");
    assert.equal(held.resumeStep, "score");
    await setSetting(h.deps.sql, "panic_stop", false, "moderator");
    assert.equal((await drive(h.deps, runId)).state, "done");
  } finally {
    await h.close();
  }
});

Deno.test("the daily report budget makes a run wait, audited, and it files once the budget allows", async () => {
  const h = await harness({ config: { reportDailyBudget: 1 } });
  try {
    const a = spamAccount(h.mastodon);
    const b = spamAccount(h.mastodon);
    await drive(
      h.deps,
      (await startRun(h.deps, { accountId: a.accountId, trigger: "poll" })).runId,
    );
    const { runId } = await startRun(h.deps, { accountId: b.accountId, trigger: "poll" });
    const waiting = await drive(h.deps, runId);
    assert.equal(waiting.state, "waiting");
    assert.equal(waiting.reason, "budget");
    assert.equal(h.mastodon.reports.length, 1);
    assert.deepEqual((await auditForRun(h.deps.sql, runId)).map((r) => r.action), [
      "waiting_budget",
    ]);
    const again = await drive(h.deps, runId);
    assert.equal(again.state, "waiting", "a re-check within the budget still waits");
    h.deps.config.reportDailyBudget = 2;
    assert.equal((await drive(h.deps, runId)).state, "done");
    assert.equal(h.mastodon.reports.length, 2);
  } finally {
    await h.close();
  }
});

Deno.test("report steps running at once never overshoot the daily budget", async () => {
  const h = await harness({ config: { reportDailyBudget: 2 } });
  try {
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { accountId } = spamAccount(h.mastodon);
      const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
      for (let s = 0; s < 3; s++) await processRun(h.deps, runId);
      runIds.push(runId);
    }
    await Promise.all(runIds.map((id) => processRun(h.deps, id)));
    const runs = await Promise.all(runIds.map((id) => getRun(h.deps, id)));
    assert.equal(runs.filter((r) => r?.state === "waiting").length, 3);
    assert.equal(h.mastodon.reports.length, 2);
  } finally {
    await h.close();
  }
});

Deno.test("the per-domain budget holds reports on accounts of a busy remote domain", async () => {
  const h = await harness({ config: { reportDomainDailyBudget: 1 } });
  try {
    const a = spamAccount(h.mastodon, "spam.example");
    const b = spamAccount(h.mastodon, "spam.example");
    const c = spamAccount(h.mastodon, "other.example");
    const states = [];
    for (const { accountId } of [a, b, c]) {
      states.push(
        (await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId)).state,
      );
    }
    assert.deepEqual(states, ["done", "waiting", "done"]);
  } finally {
    await h.close();
  }
});

Deno.test("the report step files nothing when the settings cannot be read", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await processRun(h.deps, runId);
    await processRun(h.deps, runId);
    await processRun(h.deps, runId); // now at report
    const run = (await getRun(h.deps, runId))!;
    assert.equal(run.state, "report");
    const broken = {
      ...h.deps,
      settings: { read: () => Promise.reject(new Error("connection refused")) },
    };
    await assert.rejects(report(broken, run), /connection refused/);
    for (let i = 0; i < 10; i++) await processRun(broken, runId);
    const held = (await getRun(h.deps, runId))!;
    assert.equal(held.state, "report", "the run holds while the settings are unreadable");
    assert.equal(held.attempt, 0);
    assert.equal(h.mastodon.reports.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a malformed dry-run setting fails closed: the run holds, nothing is filed", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    for (let i = 0; i < 3; i++) await processRun(h.deps, runId);
    assert.equal((await getRun(h.deps, runId))?.state, "report");
    const bad = h.deps.sql.json("maybe");
    await h.deps.sql`INSERT INTO settings (key, value) VALUES ('dry_run', ${bad})`;
    for (let i = 0; i < 10; i++) await processRun(h.deps, runId);
    const held = await getRun(h.deps, runId);
    assert.equal(held?.state, "report", "held, not failed: the run is not at fault");
    assert.equal(held?.attempt, 0);
    assert.equal(h.mastodon.reports.length, 0);
    await h.deps.sql`UPDATE settings SET value = ${h.deps.sql.json(false)} WHERE key = 'dry_run'`;
    assert.equal((await drive(h.deps, runId)).state, "done", "proceeds once readable");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});
