import assert from "node:assert/strict";
import { auditForRun } from "../db/audit.ts";
import { fakeError } from "../mastodon/fake.ts";
import { STEP_FNS } from "./dispatch.ts";
import {
  countRunsByState,
  getRun,
  listDeadLetters,
  listRuns,
  redriveDeadLetter,
  retryRun,
  RunConflict,
  startRun,
} from "./runs.ts";
import { drive, harness, spamAccount } from "./testing.ts";

Deno.test("startRun() with the same dedup key three times gives one run", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await startRun(h.deps, { accountId, trigger: "webhook", dedupKey: "d-1" }));
    }
    assert.deepEqual(results.map((r) => r.created), [true, false, false]);
    assert.equal(new Set(results.map((r) => r.runId)).size, 1);
    assert.equal((await listRuns(h.deps)).items.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a trigger for an account with an active run is kept for a follow-up run", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const first = await startRun(h.deps, { accountId, trigger: "poll" });
    const late = h.mastodon.addStatus(accountId, { content: "<p>hello</p>" });
    const joined = await startRun(h.deps, { accountId, trigger: "webhook", statusId: late.id });
    assert.deepEqual(joined, { runId: first.runId, created: false });
    await drive(h.deps, first.runId);
    const queued = (await listRuns(h.deps, { state: "queued" })).items;
    assert.equal(queued.length, 1, "a follow-up run was started");
    assert.deepEqual(queued[0].statusIds, [late.id]);
    const follow = await drive(h.deps, queued[0].id);
    assert.equal(follow.state, "done");
    const counts = await countRunsByState(h.deps);
    assert.equal(counts.done, 2);
    assert.equal(counts.queued, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a step that keeps throwing is retried, then failed, then retryRun() completes it", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    let calls = 0;
    const broken = {
      ...STEP_FNS,
      score: () => {
        calls++;
        return Promise.reject(new Error("database connection reset"));
      },
    };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const failed = await drive(h.deps, runId, broken);
    assert.equal(failed.state, "failed");
    assert.equal(calls, h.deps.config.maxAttempts);
    assert.equal(failed.resumeStep, "score");
    assert.match(failed.error!, /database connection reset/);
    const audit = await auditForRun(h.deps.sql, runId);
    assert.deepEqual(audit.map((a) => a.action), ["failed"]);
    await retryRun(h.deps, runId);
    const done = await drive(h.deps, runId);
    assert.equal(done.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a non-retryable Mastodon error fails the run at once", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    h.mastodon.failNext(1, fakeError(404, "/api/v1/admin/accounts/:id"));
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "failed");
    assert.equal(run.attempt, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a failed status fetch is retried, never scored as an account without statuses", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    h.mastodon.accountStatuses = () =>
      Promise.reject(fakeError(503, "/api/v1/accounts/:id/statuses"));
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "failed");
    assert.equal(run.resumeStep, "fetch_context");
    assert.equal(run.score, undefined);
  } finally {
    await h.close();
  }
});

Deno.test("retryRun() refuses a run that has not failed", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await assert.rejects(retryRun(h.deps, runId), RunConflict);
    await assert.rejects(retryRun(h.deps, "nope"), RunConflict);
    assert.equal((await getRun(h.deps, runId))?.state, "queued");
  } finally {
    await h.close();
  }
});

Deno.test("a dead-lettered run is listed and can be put back on the queue", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await h.deps.kv.set(["dead", runId], { runId });
    const dead = await listDeadLetters(h.deps);
    assert.deepEqual(dead.map((d) => [d.runId, d.run?.state]), [[runId, "queued"]]);
    await redriveDeadLetter(h.deps, runId);
    assert.deepEqual(await listDeadLetters(h.deps), []);
    await assert.rejects(redriveDeadLetter(h.deps, runId), RunConflict);
  } finally {
    await h.close();
  }
});
