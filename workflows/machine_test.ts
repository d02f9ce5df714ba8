import assert from "node:assert/strict";
import { backoffMs, InvalidTransition, type Policy, transition } from "./machine.ts";
import type { Decision, Run } from "./types.ts";

const policy: Policy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  panicRecheckMs: 30_000,
  budgetRecheckMs: 900_000,
};

function run(over: Partial<Run> = {}): Run {
  return {
    id: "r1",
    accountId: "a1",
    trigger: "poll",
    statusIds: [],
    state: "queued",
    attempt: 0,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...over,
  };
}

const enqueueNow = [{ type: "enqueue", delayMs: 0 }];

Deno.test("transition() starts a queued run at fetch_context", () => {
  const t = transition(run(), { type: "start" }, policy);
  assert.equal(t.next.state, "fetch_context");
  assert.deepEqual(t.effects, enqueueNow);
});

for (const [from, to] of [["fetch_context", "score"], ["score", "report"], ["notify", "audit"]]) {
  Deno.test(`transition() moves a run from ${from} to ${to} when the step succeeds`, () => {
    const t = transition(
      run({ state: from as Run["state"], attempt: 2, error: "earlier" }),
      { type: "step_ok", step: from as "score", output: { score: 4 } },
      policy,
    );
    assert.equal(t.next.state, to);
    assert.equal(t.next.attempt, 0);
    assert.equal(t.next.error, undefined);
    assert.equal(t.next.score, 4);
    assert.deepEqual(t.effects, enqueueNow);
  });
}

const AFTER_REPORT: [Decision, string][] = [
  ["reported", "notify"],
  ["already_reported", "notify"],
  ["skipped_dry_run", "notify"],
  ["skipped_shadow", "notify"],
  ["skipped_below_threshold", "audit"],
];
for (const [decision, to] of AFTER_REPORT) {
  Deno.test(`transition() sends a run decided "${decision}" to ${to}`, () => {
    const t = transition(
      run({ state: "report" }),
      { type: "step_ok", step: "report", output: { decision } },
      policy,
    );
    assert.equal(t.next.state, to);
    assert.equal(t.next.decision, decision);
  });
}

Deno.test("transition() parks a run over the report budget in waiting, audited and re-checked", () => {
  const t = transition(
    run({ state: "report" }),
    { type: "step_ok", step: "report", output: { decision: "waiting_budget" } },
    policy,
  );
  assert.equal(t.next.state, "waiting");
  assert.equal(t.next.reason, "budget");
  assert.equal(t.next.resumeStep, "report");
  assert.deepEqual(t.effects, [
    { type: "audit", action: "waiting_budget" },
    { type: "enqueue", delayMs: policy.budgetRecheckMs },
  ]);
});

Deno.test("transition() parks a run the moderators' backlog has no room for in waiting, at report", () => {
  const t = transition(
    run({ state: "report" }),
    { type: "step_ok", step: "report", output: { decision: "waiting_backlog" } },
    policy,
  );
  assert.deepEqual([t.next.state, t.next.reason, t.next.resumeStep], [
    "waiting",
    "backlog",
    "report",
  ]);
  assert.deepEqual(t.effects, [
    { type: "audit", action: "waiting_backlog" },
    { type: "enqueue", delayMs: policy.budgetRecheckMs },
  ]);
  const resumed = transition(t.next, { type: "resume" }, policy);
  assert.equal(resumed.next.state, "report", "it looks again at the report step, not lost");
});

for (const [decision, end] of [["reported", "done"], ["skipped_dry_run", "skipped"]] as const) {
  Deno.test(`transition() ends an audited "${decision}" run as ${end} and frees the account`, () => {
    const t = transition(
      run({ state: "audit", decision }),
      { type: "step_ok", step: "audit", output: {} },
      policy,
    );
    assert.equal(t.next.state, end);
    assert.deepEqual(t.effects, [{ type: "release" }]);
  });
}

Deno.test("transition() retries a failed step with exponential backoff", () => {
  const t1 = transition(
    run({ state: "score" }),
    { type: "step_error", step: "score", message: "db down", retryable: true },
    policy,
  );
  assert.equal(t1.next.state, "score");
  assert.equal(t1.next.attempt, 1);
  assert.equal(t1.next.error, "db down");
  assert.deepEqual(t1.effects, [{ type: "enqueue", delayMs: 1000 }]);
  const t2 = transition(
    t1.next,
    { type: "step_error", step: "score", message: "db down", retryable: true },
    policy,
  );
  assert.deepEqual(t2.effects, [{ type: "enqueue", delayMs: 2000 }]);
});

Deno.test("transition() fails a run after the last try, audited, notified, account freed", () => {
  const t = transition(
    run({ state: "report", attempt: 4 }),
    { type: "step_error", step: "report", message: "503", retryable: true },
    policy,
  );
  assert.equal(t.next.state, "failed");
  assert.equal(t.next.resumeStep, "report");
  assert.equal(t.next.attempt, 5);
  assert.deepEqual(t.effects, [
    { type: "audit", action: "failed" },
    { type: "notify", event: "run.failed" },
    { type: "release" },
  ]);
});

Deno.test("transition() fails a run at once on a non-retryable error", () => {
  const t = transition(
    run({ state: "fetch_context" }),
    { type: "step_error", step: "fetch_context", message: "404", retryable: false },
    policy,
  );
  assert.equal(t.next.state, "failed");
  assert.equal(t.next.resumeStep, "fetch_context");
});

Deno.test("transition() pauses a run on panic stop where it stands, and resumes it there", () => {
  const paused = transition(
    run({ state: "report" }),
    { type: "pause", reason: "panic_stop" },
    policy,
  );
  assert.equal(paused.next.state, "waiting");
  assert.equal(paused.next.reason, "panic_stop");
  assert.equal(paused.next.resumeStep, "report");
  assert.deepEqual(paused.effects, [{ type: "enqueue", delayMs: policy.panicRecheckMs }]);
  const again = transition(paused.next, { type: "pause", reason: "panic_stop" }, policy);
  assert.equal(again.next.state, "waiting");
  const resumed = transition(paused.next, { type: "resume" }, policy);
  assert.equal(resumed.next.state, "report");
  assert.equal(resumed.next.reason, undefined);
  assert.deepEqual(resumed.effects, enqueueNow);
});

Deno.test("transition() keeps a run waiting for its budget paused under panic stop", () => {
  const budget = run({ state: "waiting", reason: "budget", resumeStep: "report" });
  const t = transition(budget, { type: "pause", reason: "panic_stop" }, policy);
  assert.equal(t.next.state, "waiting");
  assert.equal(t.next.reason, "panic_stop");
  assert.equal(t.next.resumeStep, "report");
  assert.deepEqual(t.effects, [{ type: "enqueue", delayMs: policy.panicRecheckMs }]);
});

Deno.test("transition() pauses a queued run so that it resumes at fetch_context", () => {
  const paused = transition(run(), { type: "pause", reason: "panic_stop" }, policy);
  assert.equal(paused.next.resumeStep, "fetch_context");
});

Deno.test("transition() sends a retried failed run back to the step that failed", () => {
  const t = transition(
    run({ state: "failed", resumeStep: "score", attempt: 5, error: "x" }),
    { type: "retry" },
    policy,
  );
  assert.equal(t.next.state, "score");
  assert.equal(t.next.attempt, 0);
  assert.equal(t.next.error, undefined);
  assert.deepEqual(t.effects, enqueueNow);
});

Deno.test("transition() refuses events a state does not accept", () => {
  assert.throws(
    () => transition(run({ state: "done" }), { type: "start" }, policy),
    InvalidTransition,
  );
  assert.throws(
    () => transition(run({ state: "score" }), { type: "retry" }, policy),
    InvalidTransition,
  );
  assert.throws(
    () => transition(run({ state: "done" }), { type: "resume" }, policy),
    InvalidTransition,
  );
  assert.throws(
    () =>
      transition(run({ state: "score" }), { type: "step_ok", step: "report", output: {} }, policy),
    InvalidTransition,
  );
  assert.throws(
    () => transition(run({ state: "failed" }), { type: "pause", reason: "panic_stop" }, policy),
    InvalidTransition,
  );
});

Deno.test("backoffMs() doubles from the base delay up to the cap", () => {
  assert.deepEqual([1, 2, 3, 4, 10].map((n) => backoffMs(policy, n)), [
    1000,
    2000,
    4000,
    8000,
    60_000,
  ]);
});
