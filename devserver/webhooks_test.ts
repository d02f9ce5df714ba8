import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { loadExchanges, shapeDifferences } from "../mastodon/testing/cassettes.ts";
import { createDevServer } from "./app.ts";
import { postJson } from "./test_helpers.ts";

interface Captured {
  body: string;
  signature: string | null;
}

function fakeReceiver(statuses: number[] = []) {
  const received: Captured[] = [];
  const fetchFn: typeof fetch = async (_url, init) => {
    const body = String(init?.body);
    received.push({ body, signature: new Headers(init?.headers).get("x-hub-signature") });
    await Promise.resolve();
    return new Response(null, { status: statuses.shift() ?? 200 });
  };
  return { received, fetchFn };
}

const SECRET = "s3cret";

Deno.test("arrivals of local accounts and statuses are delivered as signed webhooks", async () => {
  const { received, fetchFn } = fakeReceiver();
  const server = createDevServer({
    webhookUrl: "http://receiver.test/hook",
    webhookSecret: SECRET,
    webhookFetch: fetchFn,
  });
  server.tick();
  await server.deliverWebhooks();
  assert.ok(received.length > 0);
  const events = new Set(received.map((r) => JSON.parse(r.body).event));
  assert.ok(events.has("status.created") && events.has("account.created"));
  for (const r of received) {
    const expected = createHmac("sha256", SECRET).update(r.body).digest("hex");
    assert.equal(r.signature, `sha256=${expected}`);
    const parsed = JSON.parse(r.body);
    assert.ok(!Number.isNaN(Date.parse(parsed.created_at)));
    // Mastodon only announces local accounts and statuses.
    const acct = parsed.event === "status.created"
      ? parsed.object.account.acct
      : parsed.object.account.acct;
    assert.ok(!acct.includes("@"), acct);
  }
  assert.equal(server.stats().webhooks.delivered, received.length);
});

Deno.test("a report.created webhook carries an Admin::Report shaped like Mastodon's", async () => {
  const { received, fetchFn } = fakeReceiver();
  const server = createDevServer({
    webhookUrl: "http://receiver.test/hook",
    webhookSecret: SECRET,
    webhookFetch: fetchFn,
  });
  const target = [...server.dev.state.accounts.values()].find((e) =>
    e.label === "ordinary" && e.statuses.length > 0
  )!;
  await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    status_ids: [target.statuses[0].id],
  }, "dev-reporter-token");
  await server.deliverWebhooks();
  const report = received.map((r) => JSON.parse(r.body)).find((b) => b.event === "report.created");
  const recorded = (await loadExchanges()).find((ex) =>
    ex.method === "GET" && ex.url.pathname === "/api/v1/admin/reports/1"
  )!;
  assert.deepEqual(shapeDifferences(recorded.body, report.object), []);
});

Deno.test("webhook deliveries answered non-2xx are retried, then given up after the last delay", async () => {
  const { received, fetchFn } = fakeReceiver([500, 503, 200, 500, 500, 500]);
  const server = createDevServer({
    webhookUrl: "http://receiver.test/hook",
    webhookSecret: SECRET,
    webhookFetch: fetchFn,
    webhookRetryDelaysMs: [0, 0],
  });
  const target = [...server.dev.state.accounts.values()].find((e) => e.label === "ordinary")!;
  await postJson(server, "/api/v1/reports", { account_id: target.admin.id }, "dev-reporter-token");
  for (let i = 0; i < 3; i++) await server.deliverWebhooks();
  assert.equal(received.length, 3);
  assert.equal(received[0].body, received[2].body);
  assert.equal(server.stats().webhooks.delivered, 1);
  await postJson(server, "/api/v1/reports", { account_id: target.admin.id }, "dev-reporter-token");
  for (let i = 0; i < 5; i++) await server.deliverWebhooks();
  assert.equal(received.length, 6);
  const stats = server.stats();
  assert.equal(stats.webhooks.failed, 1);
  assert.equal(stats.webhooks_pending, 0);
});

Deno.test("without a webhook URL nothing is queued", () => {
  const server = createDevServer();
  server.tick();
  assert.equal(server.dev.webhooks.pending.length, 0);
});
