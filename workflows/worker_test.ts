import assert from "node:assert/strict";
import { setSetting } from "../db/settings.ts";
import { getRun, startRun } from "./runs.ts";
import { harness, spamAccount } from "./testing.ts";
import type { Run, RunState, WorkflowDeps } from "./types.ts";
import { startWorker } from "./worker.ts";

async function waitFor(deps: WorkflowDeps, runId: string, states: RunState[]): Promise<Run> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const run = await getRun(deps, runId);
    if (run && states.includes(run.state)) return run;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`run ${runId} never reached ${states.join("/")}`);
}

Deno.test("the queue listener takes a spam account from trigger to one filed report", async () => {
  const h = await harness();
  const worker = startWorker(h.deps);
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "webhook", dedupKey: "w1" });
    await startRun(h.deps, { accountId, trigger: "webhook", dedupKey: "w1" });
    const run = await waitFor(h.deps, runId, ["done", "failed", "skipped"]);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await worker.stop();
    await h.close();
  }
});

Deno.test("the queue listener retries transient Mastodon errors with backoff", async () => {
  const h = await harness({ config: { maxAttempts: 4 } });
  const worker = startWorker(h.deps);
  try {
    const { accountId } = spamAccount(h.mastodon);
    h.mastodon.failNext(2);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const run = await waitFor(h.deps, runId, ["done", "failed"]);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await worker.stop();
    await h.close();
  }
});

Deno.test("the queue listener holds runs during panic stop and re-checks until it is lifted", async () => {
  const h = await harness();
  const worker = startWorker(h.deps);
  try {
    await setSetting(h.deps.sql, "panic_stop", true, "moderator");
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await waitFor(h.deps, runId, ["waiting"]);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await getRun(h.deps, runId))?.state, "waiting");
    assert.equal(h.mastodon.calls.length, 0);
    await setSetting(h.deps.sql, "panic_stop", false, "moderator");
    const run = await waitFor(h.deps, runId, ["done", "failed"]);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await worker.stop();
    await h.close();
  }
});

Deno.test("stopping the worker lets the step in flight commit and leaves the rest queued", async () => {
  const h = await harness();
  const worker = startWorker(h.deps);
  try {
    const { accountId } = spamAccount(h.mastodon);
    const slow = h.mastodon.adminAccount.bind(h.mastodon);
    let entered!: () => void;
    const inside = new Promise<void>((r) => entered = r);
    h.mastodon.adminAccount = async (id) => {
      entered();
      await new Promise((r) => setTimeout(r, 200));
      return await slow(id);
    };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await inside;
    await worker.stop();
    const run = await getRun(h.deps, runId);
    assert.equal(run?.state, "score", "fetch_context finished and committed");
    assert.equal(run?.leaseUntil, undefined);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await getRun(h.deps, runId))?.state, "score", "nothing advanced after stop");
  } finally {
    await worker.stop();
    await h.close();
  }
});
