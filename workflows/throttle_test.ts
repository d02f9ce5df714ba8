import assert from "node:assert/strict";
import { fakeError } from "../mastodon/fake.ts";
import { instanceOf, processRun, STEP_FNS } from "./dispatch.ts";
import { type Policy, transition } from "./machine.ts";
import { getRun, resumeInFlight, startRun } from "./runs.ts";
import { keys } from "./store.ts";
import { drive, harness, spamAccount } from "./testing.ts";
import type { Run } from "./types.ts";

const policy: Policy = {
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 100,
  panicRecheckMs: 50,
  budgetRecheckMs: 50,
};

Deno.test("transition() keeps a throttled step in place without using a try", () => {
  const run = {
    id: "r",
    accountId: "a",
    trigger: "poll",
    statusIds: [],
    state: "fetch_context",
    attempt: 2,
    createdAt: "2026-11-25T00:00:00Z",
    updatedAt: "2026-11-25T00:00:00Z",
  } as Run;
  const t = transition(run, { type: "throttled", step: "fetch_context", delayMs: 4000 }, policy);
  assert.equal(t.next.state, "fetch_context");
  assert.equal(t.next.attempt, 2);
  assert.deepEqual(t.effects, [{ type: "enqueue", delayMs: 4000 }]);
});

Deno.test("a run whose calls hit Mastodon's rate limit waits for it instead of failing", async () => {
  const h = await harness({ config: { maxAttempts: 2 } });
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    h.mastodon.failNext(5, fakeError(429));
    for (let i = 0; i < 6; i++) await processRun(h.deps, runId);
    const held = await getRun(h.deps, runId);
    assert.equal(held?.state, "fetch_context", "still waiting at its step, not failed");
    assert.equal(held?.attempt, 0);
    const run = await drive(h.deps, runId);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a step leased by a process that died is taken over by the next one", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const dead = { ...h.deps, instanceId: "process-killed-mid-step" };
    // The first process starts the run, claims fetch_context and dies inside it.
    await processRun(dead, runId);
    let entered!: () => void;
    const inside = new Promise<void>((r) => entered = r);
    void processRun(dead, runId, {
      ...STEP_FNS,
      fetch_context: () => {
        entered();
        return new Promise(() => {});
      },
    });
    await inside;
    const leased = await getRun(h.deps, runId);
    assert.equal(leased?.leaseOwner, "process-killed-mid-step");
    const restarted = { ...h.deps, instanceId: "process-after-restart" };
    const run = await drive(restarted, runId);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a step of this process that ended without its commit is taken back at once", async () => {
  const h = await harness({ config: { leaseMs: 300_000 } });
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await processRun(h.deps, runId); // queued → fetch_context
    // While a step really runs here, another delivery of the run waits for it.
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => entered = r);
    const held = processRun(h.deps, runId, {
      ...STEP_FNS,
      fetch_context: async (deps, run) => {
        entered();
        await new Promise<void>((r) => release = r);
        return STEP_FNS.fetch_context(deps, run);
      },
    });
    await inside;
    assert.equal(await processRun(h.deps, runId), "fetch_context", "the second delivery waits");
    release();
    assert.equal(await held, "score");
    // A lease of this process's own left behind by a commit the store refused (a database
    // restart): no step of the run is running here, so it is taken back, not waited out.
    const entry = await h.deps.kv.get<Run>(keys.run(runId));
    const now = Date.now();
    const leased = { ...entry.value!, leaseOwner: instanceOf(h.deps), leaseUntil: now + 300_000 };
    await h.deps.kv.set(keys.run(runId), leased);
    assert.equal(await processRun(h.deps, runId), "report");
    const run = await drive(h.deps, runId);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("resumeInFlight() re-enqueues runs left between steps by a stopped process", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await processRun(h.deps, runId); // now at fetch_context, its message consumed
    const resumed = await resumeInFlight(h.deps);
    assert.equal(resumed, 1);
    const seen: string[] = [];
    const got = new Promise<void>((resolve) => {
      h.deps.kv.listenQueue((msg) => {
        seen.push((msg as { runId: string }).runId);
        resolve();
      });
    });
    await got;
    assert.deepEqual(seen, [runId]);
  } finally {
    await h.close();
  }
});

Deno.test("a step leased by another live process is left to it, so nothing is filed twice", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const a = { ...h.deps, instanceId: "process-a" };
    const b = { ...h.deps, instanceId: "process-b" };
    for (let i = 0; i < 3; i++) await processRun(a, runId); // up to the report step
    assert.equal((await getRun(h.deps, runId))?.state, "report");
    // Process A is alive and inside the report step when B gets a duplicate message.
    await h.deps.kv.set(keys.alive("process-a"), Date.now());
    // A's POST is on its way to Mastodon when B gets a duplicate message for the run.
    let release!: () => void;
    const gate = new Promise<void>((r) => release = r);
    let entered!: () => void;
    const inside = new Promise<void>((r) => entered = r);
    const file = h.mastodon.createReport.bind(h.mastodon);
    let first = true;
    h.mastodon.createReport = async (r) => {
      if (first) {
        first = false;
        entered();
        await gate;
      }
      return await file(r);
    };
    const slow = processRun(a, runId);
    await inside;
    await processRun(b, runId);
    release();
    await slow;
    await drive(a, runId);
    assert.equal(h.mastodon.reports.length, 1, "one report");
  } finally {
    await h.close();
  }
});
