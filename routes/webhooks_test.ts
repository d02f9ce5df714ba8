import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createApp } from "../server/app.ts";
import { Metrics } from "../server/metrics.ts";
import { type WebhookEvent, webhookRoutes } from "./webhooks.ts";

const SECRET = "webhook-test-secret";
const NOW = new Date("2026-11-25T12:00:00Z");

function setup(secret: string | null = SECRET) {
  const handled: WebhookEvent[] = [];
  // Like startRun with the delivery id as dedup key: one run per delivery.
  const runs = new Map<string, string>();
  const routes = webhookRoutes({
    secret: secret ?? undefined,
    clock: { now: () => NOW },
    handle: (e, deliveryId) => {
      const known = runs.get(deliveryId);
      if (known) return Promise.resolve({ status: "duplicate", run_id: known });
      handled.push(e);
      runs.set(deliveryId, `run-${handled.length}`);
      return Promise.resolve({ status: "queued", run_id: `run-${handled.length}` });
    },
  });
  const app = createApp({ metrics: new Metrics(), maxBodyBytes: 65536, routes: [routes] });
  return { app, handled };
}

function sign(body: string, secret = SECRET): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

function statusEvent(createdAt = "2026-11-25T11:59:00Z") {
  return JSON.stringify({
    event: "status.created",
    created_at: createdAt,
    object: { id: "1001", account: { id: "42" }, content: "<p>hi</p>" },
  });
}

function post(
  app: ReturnType<typeof setup>["app"],
  path: string,
  body: string,
  sig?: string,
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (sig !== undefined) headers["x-hub-signature"] = sig;
  return app.request(path, { method: "POST", body, headers });
}

Deno.test("a correctly signed status webhook is handed over and answered 202", async () => {
  const { app, handled } = setup();
  const body = statusEvent();
  const res = await post(app, "/webhooks/mastodon", body, sign(body));
  assert.equal(res.status, 202);
  assert.equal((await res.json()).run_id, "run-1");
  assert.equal(handled.length, 1);
  // Checked, not rebuilt: Mastodon's object is handed over whole.
  assert.deepEqual(handled[0].object, { id: "1001", account: { id: "42" }, content: "<p>hi</p>" });
});

Deno.test("a delivery the store cannot take is answered 503 with Retry-After, to be delivered again", async () => {
  let calls = 0;
  const routes = webhookRoutes({
    secret: SECRET,
    clock: { now: () => NOW },
    handle: () => {
      calls++;
      return Promise.reject(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"));
    },
  });
  const app = createApp({ metrics: new Metrics(), maxBodyBytes: 65536, routes: [routes] });
  const body = statusEvent();
  const res = await post(app, "/webhooks/mastodon", body, sign(body));
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "10");
  const answer = await res.json();
  assert.equal(answer.error.code, "store_unavailable");
  assert.ok(!JSON.stringify(answer).includes("CONNECTION_CLOSED"), "the cause stays in the log");
  assert.equal(calls, 1);
});

Deno.test("a webhook with a bad or missing signature is 401 and nothing is handed over", async () => {
  const { app, handled } = setup();
  const body = statusEvent();
  assert.equal((await post(app, "/webhooks/mastodon", body)).status, 401);
  assert.equal((await post(app, "/webhooks/mastodon", body, sign(body, "wrong"))).status, 401);
  assert.equal((await post(app, "/webhooks/mastodon", body, "sha256=abc")).status, 401);
  const tampered = body.replace("1001", "1002");
  assert.equal((await post(app, "/webhooks/mastodon", tampered, sign(body))).status, 401);
  assert.equal(handled.length, 0);
});

Deno.test("with no secret configured the webhook endpoints answer 503 and accept nothing", async () => {
  const { app, handled } = setup(null);
  const body = statusEvent();
  const res = await post(app, "/webhooks/status", body, sign(body));
  assert.equal(res.status, 503);
  assert.equal(handled.length, 0);
});

Deno.test("the same delivery three times carries one delivery id and joins one run", async () => {
  const { app, handled } = setup();
  const body = statusEvent();
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await post(app, "/webhooks/mastodon", body, sign(body)));
  assert.deepEqual(answers.map((r) => r.status), [202, 200, 200]);
  const bodies = await Promise.all(answers.map((r) => r.json()));
  assert.deepEqual(bodies.map((b) => b.status), ["queued", "duplicate", "duplicate"]);
  assert.equal(new Set(bodies.map((b) => b.delivery_id)).size, 1);
  assert.deepEqual(bodies.map((b) => b.run_id), ["run-1", "run-1", "run-1"]);
  assert.equal(handled.length, 1);
});

Deno.test("a stale delivery is refused as a replay", async () => {
  const { app, handled } = setup();
  const body = statusEvent("2026-11-24T08:00:00Z");
  const res = await post(app, "/webhooks/mastodon", body, sign(body));
  assert.equal(res.status, 422);
  assert.equal((await res.json()).error.code, "stale_delivery");
  assert.equal(handled.length, 0);
});

Deno.test("a signed body that is not JSON is 400, and a wrong shape 422", async () => {
  const { app, handled } = setup();
  assert.equal((await post(app, "/webhooks/mastodon", "{oops", sign("{oops"))).status, 400);
  const shapeless = JSON.stringify({ event: "status.created" });
  assert.equal((await post(app, "/webhooks/mastodon", shapeless, sign(shapeless))).status, 422);
  assert.equal(handled.length, 0);
});

Deno.test("/webhooks/status refuses events other than status events", async () => {
  const { app, handled } = setup();
  const body = JSON.stringify({
    event: "account.created",
    created_at: "2026-11-25T11:59:30Z",
    object: { id: "7" },
  });
  assert.equal((await post(app, "/webhooks/status", body, sign(body))).status, 422);
  assert.equal((await post(app, "/webhooks/mastodon", body, sign(body))).status, 202);
  assert.equal(handled.length, 1);
});
