import assert from "node:assert/strict";
import { fakeError } from "../mastodon/fake.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { startRun } from "../workflows/runs.ts";
import { drive, harness, spamAccount } from "../workflows/testing.ts";
import { workflowRoutes } from "./workflows.tsx";

Deno.test("a failed run is listed by /workflows and retried once through the API", async () => {
  const h = await harness({ config: { maxAttempts: 2 } });
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    h.mastodon.failNext(2, fakeError(503));
    assert.equal((await drive(h.deps, runId)).state, "failed");
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth, csrf: () => "" }),
    ]);

    const listed = await (await call("/workflows")).json();
    assert.equal(listed.counts.failed, 1);
    assert.deepEqual(listed.failed.map((r: { id: string }) => r.id), [runId]);

    const counts = await (await call("/workflows/counts")).json();
    assert.equal(counts.counts.failed, 1);

    const retried = await call(`/workflows/${runId}/retry`, { method: "POST" });
    assert.equal(retried.status, 202);
    assert.equal((await retried.json()).run.state, "fetch_context");
    const again = await call(`/workflows/${runId}/retry`, { method: "POST" });
    assert.equal(again.status, 409, "only a failed run can be retried");
    await again.body?.cancel();
    assert.equal((await drive(h.deps, runId)).state, "done");
    assert.equal(h.mastodon.reports.length, 1);

    const one = await (await call(`/workflows/${runId}`)).json();
    assert.ok(one.audit.some((a: { action: string }) => a.action === "reported"));
  } finally {
    await h.close();
  }
});

Deno.test("retrying or reading an unknown run is a 404", async () => {
  const h = await harness();
  try {
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth, csrf: () => "" }),
    ]);
    const retry = await call("/workflows/nope/retry", { method: "POST" });
    assert.equal(retry.status, 404);
    await retry.body?.cancel();
    const read = await call("/workflows/nope");
    assert.equal(read.status, 404);
    await read.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("a dead letter is redriven through the API and settled when its run ends", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await h.deps.kv.set(["dead", runId], { runId });
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth, csrf: () => "" }),
    ]);
    const listed = await (await call("/workflows")).json();
    assert.deepEqual(listed.dead_letters.map((d: { runId: string }) => d.runId), [runId]);
    const redriven = await call(`/workflows/${runId}/redrive`, { method: "POST" });
    assert.equal(redriven.status, 202);
    await redriven.body?.cancel();
    const again = await call(`/workflows/${runId}/redrive`, { method: "POST" });
    assert.equal(again.status, 404);
    await again.body?.cancel();

    // A dead letter left behind (the queue gave up, the run was resumed another way) goes
    // once the run ends.
    await h.deps.kv.set(["dead", runId], { runId });
    assert.equal((await drive(h.deps, runId)).state, "done");
    assert.equal((await h.deps.kv.get(["dead", runId])).value, null);
  } finally {
    await h.close();
  }
});
