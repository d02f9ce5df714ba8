/** One continuing instance: a server closed and created again on its data directory. */
import assert from "node:assert/strict";
import { createDevServer, type DevServer, type DevServerOptions } from "./app.ts";
import type { Json } from "./entities.ts";
import { auth, getJson, oauthToken, postJson } from "./test_helpers.ts";

const START = Date.parse("2026-11-01T00:40:00Z");

/** A webhook receiver answering each POST with the next status given (then 200). */
function receiver(statuses: number[] = []) {
  const bodies: string[] = [];
  const fetchFn: typeof fetch = (_url, init) => {
    bodies.push(String(init?.body));
    return Promise.resolve(new Response(null, { status: statuses.shift() ?? 200 }));
  };
  return { bodies, fetchFn };
}

function serverOn(dataDir: string, clock: { t: number }, extra: DevServerOptions = {}) {
  return createDevServer({
    dataDir,
    now: () => clock.t,
    webhookUrl: "http://receiver.test/hook",
    webhookSecret: "s3cret",
    webhookRetryDelaysMs: [60_000, 60_000],
    ...extra,
  });
}

/**
 * Lives a while in a world: arrivals, a report resolved with an action, a status posted and one
 * deleted, an OAuth login, webhooks refused by the receiver. Returns what a restart must show.
 */
async function liveIn(server: DevServer) {
  server.tick(30 * 60_000);
  const target = [...server.state.accounts.values()].find((e) =>
    e.label === "mention-spam" && e.statuses.length > 0
  )!;
  const filed = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    status_ids: [target.statuses[0].id],
    comment: "mention spam",
  }, "dev-reporter-token");
  assert.equal(filed.status, 200);
  const resolved = await postJson(server, `/_dev/reports/${(filed.body as Json).id}/resolve`, {
    action_taken: true,
    action: "silence",
  });
  assert.equal(resolved.status, 200);
  const kept = await postJson(server, "/api/v1/statuses", { status: "Welcome, everyone!" });
  const gone = await postJson(server, "/api/v1/statuses", { status: "Posted by mistake" });
  const deleted = await server.app.request(`/api/v1/statuses/${(gone.body as Json).id}`, {
    method: "DELETE",
    headers: auth(),
  });
  assert.equal(deleted.status, 200);
  const token = await oauthToken(server, "moderator");
  await server.deliverWebhooks();
  return {
    reportId: (filed.body as Json).id as string,
    targetId: target.admin.id as string,
    keptId: (kept.body as Json).id as string,
    goneId: (gone.body as Json).id as string,
    token,
    accounts: [...server.state.accounts].map(([id, e]) => [id, e.admin]),
    statusIds: [...server.state.statuses.keys()],
    reports: (await getJson(server, "/_dev/reports")).body as Json[],
    pending: server.dev.webhooks.pending.map((d) => ({ body: d.body, attempts: d.attempts })),
  };
}

Deno.test("a server started again on its data directory shows the same accounts, statuses and reports", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  const clock = { t: START };
  try {
    const first = serverOn(dir, clock, { webhookFetch: receiver([500, 500, 500, 500]).fetchFn });
    const before = await liveIn(first);
    first.close();
    const again = serverOn(dir, clock);
    try {
      assert.deepEqual([...again.state.accounts].map(([id, e]) => [id, e.admin]), before.accounts);
      assert.deepEqual([...again.state.statuses.keys()], before.statusIds);
      const target = await getJson(again, `/api/v1/admin/accounts/${before.targetId}`);
      assert.equal((target.body as Json).silenced, true);
      assert.equal((await getJson(again, `/api/v1/statuses/${before.goneId}`)).status, 404);
      assert.equal((await getJson(again, `/api/v1/statuses/${before.keptId}`)).status, 200);
      assert.deepEqual((await getJson(again, "/_dev/reports")).body, before.reports);
      assert.equal(before.reports[0].state, "resolved");
      const admin = await getJson(again, "/api/v1/accounts/verify_credentials");
      assert.equal((admin.body as Json).statuses_count, 2);
      assert.equal(again.stats().reports_received, 1);
    } finally {
      again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("after a restart an issued OAuth token still works and the next report gets a higher id", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  const clock = { t: START };
  try {
    const first = serverOn(dir, clock, { webhookFetch: receiver().fetchFn });
    const before = await liveIn(first);
    first.close();
    const again = serverOn(dir, clock, { webhookFetch: receiver().fetchFn });
    try {
      const me = await getJson(again, "/api/v1/accounts/verify_credentials", before.token);
      assert.equal(me.status, 200);
      assert.equal((me.body as Json).username, "moderator");
      const next = await postJson(again, "/api/v1/reports", {
        account_id: before.targetId,
      }, "dev-reporter-token");
      assert.equal(next.status, 200);
      assert.ok(Number((next.body as Json).id) > Number(before.reportId));
      // Posted in the same millisecond as the deleted status: its id stays taken.
      const post = await postJson(again, "/api/v1/statuses", { status: "Posted by mistake" });
      assert.notEqual((post.body as Json).id, before.goneId);
      assert.notEqual((post.body as Json).id, before.keptId);
    } finally {
      again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a webhook the receiver had not acknowledged is delivered after a restart, its attempts counted on", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  const clock = { t: START };
  try {
    const refusing = receiver(Array(1000).fill(503));
    const first = serverOn(dir, clock, { webhookFetch: refusing.fetchFn });
    const before = await liveIn(first);
    first.close();
    assert.ok(before.pending.some((d) => JSON.parse(d.body).event === "report.created"));
    assert.ok(before.pending.every((d) => d.attempts === 1));
    const accepting = receiver();
    const again = serverOn(dir, clock, { webhookFetch: accepting.fetchFn });
    try {
      assert.equal(again.stats().webhooks_pending, before.pending.length);
      clock.t += 60_000;
      await again.deliverWebhooks();
      const what = (body: string) => `${JSON.parse(body).event} ${JSON.parse(body).object.id}`;
      assert.deepEqual(accepting.bodies.map(what), before.pending.map((d) => what(d.body)));
      assert.ok(accepting.bodies.every((b, i) => b === before.pending[i].body), "the same bytes");
      assert.equal(again.stats().webhooks_pending, 0);
      assert.ok(again.dev.webhooks.delivered.every((d) => d.attempts === 2));
    } finally {
      again.close();
    }
    const third = serverOn(dir, clock, { webhookFetch: accepting.fetchFn });
    assert.equal(third.stats().webhooks_pending, 0, "acknowledged deliveries are not sent again");
    third.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a realtime restart keeps the stored base time and its arrival clock runs from the first start", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  const clock = { t: START };
  const opts = (baseTime: number): DevServerOptions => ({
    arrivals: "realtime",
    arrivalSpeed: 60,
    newBaseTime: () => baseTime,
    pumpIntervalMs: 60_000,
  });
  try {
    const first = serverOn(dir, clock, opts(START - 3_600_000));
    clock.t += 10_000; // ten minutes of arrivals at 60x
    await first.app.request("/api/v2/instance");
    assert.equal(first.state.elapsedMs, 10 * 60_000);
    first.close();
    clock.t += 20_000; // down for twenty simulated minutes
    const again = serverOn(dir, clock, opts(START));
    try {
      assert.equal(again.state.population.baseTime, START - 3_600_000);
      await again.app.request("/api/v2/instance");
      assert.equal(again.state.elapsedMs, 30 * 60_000);
      // Exactly what a server that never went down would show after thirty minutes.
      const uninterrupted = createDevServer({ population: { baseTime: START - 3_600_000 } });
      uninterrupted.tick(30 * 60_000);
      assert.deepEqual([...again.state.accounts.keys()], [...uninterrupted.state.accounts.keys()]);
      assert.deepEqual([...again.state.statuses.keys()], [...uninterrupted.state.statuses.keys()]);
    } finally {
      again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
