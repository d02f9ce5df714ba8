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
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
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
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
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
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
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

Deno.test("GET /workflows with a malformed cursor is a 400 naming the parameter", async () => {
  const h = await harness();
  try {
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
    ]);
    const res = await call("/workflows?cursor=zz%2F..");
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, "bad_request");
    assert.match(body.error.message, /query parameter cursor/);
    assert.equal(body.error.details[0].field, "cursor");
    assert.equal(typeof body.error.request_id, "string");

    const page = await call("/workflows?cursor=zz", { headers: { accept: "text/html" } });
    assert.equal(page.status, 400);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    await page.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("GET /workflows refuses a bad limit or state with a 400", async () => {
  const h = await harness();
  try {
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
    ]);
    for (const q of ["limit=-1", "limit=0", "limit=501", "limit=ten", "limit=", "state=bogus"]) {
      const res = await call(`/workflows?${q}`);
      assert.equal(res.status, 400, q);
      const body = await res.json();
      assert.equal(body.error.details[0].field, q.split("=")[0], q);
    }
  } finally {
    await h.close();
  }
});

Deno.test("GET /workflows pages through every run once with its cursor", async () => {
  const h = await harness();
  try {
    const started = [];
    for (let i = 0; i < 7; i++) {
      started.push((await startRun(h.deps, { accountId: `a${i}`, trigger: "poll" })).runId);
    }
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
    ]);
    for (const state of ["", "&state=queued"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/workflows?limit=3${state}${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await (await call(path)).json();
        seen.push(...page.runs.map((r: { id: string }) => r.id));
        cursor = page.next_cursor;
      } while (cursor);
      const all = await (await call(`/workflows?limit=500${state}`)).json();
      assert.deepEqual(seen, all.runs.map((r: { id: string }) => r.id), `pages in order${state}`);
      assert.deepEqual([...seen].sort(), [...started].sort(), `every run once${state}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("a malformed run id is a 400 and a well-formed unknown one a 404", async () => {
  const h = await harness();
  try {
    const { call } = testApp([
      workflowRoutes({ workflow: h.deps, auth: testAuth }),
    ]);
    for (const [path, method] of [["/workflows/", "GET"], ["/workflows/", "POST"]] as const) {
      const suffix = method === "POST" ? "/retry" : "";
      for (const id of ["%00", "a%20b", "x".repeat(3000)]) {
        const res = await call(`${path}${id}${suffix}`, { method });
        assert.equal(res.status, 400, `${method} ${id.slice(0, 10)}`);
        assert.equal((await res.json()).error.details[0].field, "id");
      }
    }
    const redrive = await call(`/workflows/${"y".repeat(3000)}/redrive`, { method: "POST" });
    assert.equal(redrive.status, 400);
    await redrive.body?.cancel();
    const unknown = await call("/workflows/0000000000-deadbeef");
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  } finally {
    await h.close();
  }
});
