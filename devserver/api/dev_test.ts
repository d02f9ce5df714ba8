import assert from "node:assert/strict";
import { createDevServer } from "../app.ts";
import type { Json } from "../entities.ts";
import { arrivedServer, auth, getJson, oauthToken, postJson } from "../test_helpers.ts";

Deno.test("a token that exceeds its budget gets 429 with rate-limit headers", async () => {
  let t = Date.parse("2026-11-01T12:01:00Z");
  const server = arrivedServer({ rateLimit: 3, now: () => t });
  for (let i = 0; i < 3; i++) {
    const ok = await server.app.request("/api/v1/accounts/verify_credentials", { headers: auth() });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("x-ratelimit-remaining"), String(2 - i));
  }
  const refused = await server.app.request("/api/v1/accounts/verify_credentials", {
    headers: auth(),
  });
  assert.equal(refused.status, 429);
  assert.deepEqual(await refused.json(), { error: "Too many requests" });
  assert.equal(refused.headers.get("x-ratelimit-reset"), "2026-11-01T12:05:00.000480Z");
  t += 5 * 60_000;
  const later = await server.app.request("/api/v1/accounts/verify_credentials", {
    headers: auth(),
  });
  assert.equal(later.status, 200);
});

Deno.test("fault injection answers errors, 429 bursts, malformed bodies and dropped connections", async () => {
  const server = arrivedServer();
  const path = "/api/v1/accounts/verify_credentials";
  await postJson(server, "/_dev/faults", { rateLimitBurst: 2 });
  assert.equal((await server.app.request(path, { headers: auth() })).status, 429);
  assert.equal((await server.app.request(path, { headers: auth() })).status, 429);
  assert.equal((await server.app.request(path, { headers: auth() })).status, 200);
  await postJson(server, "/_dev/faults", { errorRate: 1 });
  assert.equal((await server.app.request(path, { headers: auth() })).status, 500);
  await postJson(server, "/_dev/faults", { malformedRate: 1 });
  const malformed = await server.app.request(path, { headers: auth() });
  assert.equal(malformed.status, 200);
  await assert.rejects(async () => JSON.parse(await malformed.text()));
  await postJson(server, "/_dev/faults", { dropRate: 1 });
  const dropped = await server.app.request(path, { headers: auth() });
  await assert.rejects(() => dropped.text());
  await postJson(server, "/_dev/faults", {});
  assert.equal((await server.app.request(path, { headers: auth() })).status, 200);
  assert.equal((server.stats().faults_injected as Record<string, number>).burst, 2);
});

Deno.test("a 429 burst ends at the reset its first refusal announced, as a spent budget does", async () => {
  let now = Date.parse("2026-12-01T08:00:01Z");
  const server = arrivedServer({ now: () => now, rateLimitPeriodMs: 5_000 });
  const path = "/api/v1/accounts/verify_credentials";
  await postJson(server, "/_dev/faults", { rateLimitBurst: 100 });
  const first = await server.app.request(path, { headers: auth() });
  assert.equal(first.status, 429);
  const reset = Date.parse(first.headers.get("x-ratelimit-reset")!);
  now = reset - 1;
  assert.equal((await server.app.request(path, { headers: auth() })).status, 429);
  now = reset;
  assert.equal((await server.app.request(path, { headers: auth() })).status, 200);
  assert.equal((server.stats().faults_injected as Record<string, number>).burst, 2);
});

Deno.test("faults limited to paths leave other endpoints alone", async () => {
  const server = arrivedServer();
  await postJson(server, "/_dev/faults", {
    errorRate: 1,
    paths: ["/api/v1/accounts/:id/statuses"],
  });
  const id = server.dev.state.fixedAccount("admin").admin.id;
  assert.equal((await getJson(server, `/api/v1/accounts/${id}/statuses`)).status, 500);
  assert.equal((await getJson(server, "/api/v1/accounts/verify_credentials")).status, 200);
});

Deno.test("fault decisions repeat for the same seed and settings", async () => {
  const run = async () => {
    const server = arrivedServer({ seed: 9 });
    await postJson(server, "/_dev/faults", { errorRate: 0.5 });
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) {
      codes.push((await server.app.request("/api/v2/instance", { headers: auth() })).status);
    }
    return codes;
  };
  const first = await run();
  assert.deepEqual(await run(), first);
  assert.ok(first.includes(500) && first.includes(200));
});

Deno.test("stats count API requests by route template and token name", async () => {
  const server = arrivedServer();
  const id = server.dev.state.fixedAccount("admin").admin.id;
  await getJson(server, `/api/v1/accounts/${id}/statuses`);
  await getJson(server, `/api/v1/accounts/${id}/statuses?limit=5`);
  await getJson(server, "/api/v2/admin/accounts", "dev-reporter-token");
  const stats = (await getJson(server, "/_dev/stats")).body as Json;
  assert.equal(stats.requests.by_route["GET /api/v1/accounts/:id/statuses"], 2);
  assert.equal(stats.requests.by_route["GET /api/v2/admin/accounts"], 1);
  assert.equal(stats.requests.by_token.admin, 2);
  assert.equal(stats.requests.by_token.reporter, 1);
  assert.equal(stats.requests.total, 3);
});

Deno.test("tick makes accounts and statuses arrive over time, spam waves included", async () => {
  const server = createDevServer();
  const before = server.dev.state.accounts.size;
  const labels = () => new Set([...server.dev.state.accounts.values()].map((e) => e.label));
  assert.ok(!labels().has("mention-spam"));
  const res = await postJson(server, "/_dev/tick", { untilMs: 30 * 60_000 });
  assert.equal((res.body as Json).elapsedMs, 30 * 60_000);
  assert.ok(server.dev.state.accounts.size > before);
  assert.ok(labels().has("mention-spam"));
  server.tick(60 * 60_000);
  assert.ok(labels().has("crypto-scam") && labels().has("impersonation"));
  server.tick();
  assert.equal(server.dev.state.pendingCount, 0);
});

Deno.test("reset restores the initial population and clears reports and counters", async () => {
  const server = arrivedServer();
  const target = [...server.dev.state.accounts.values()].find((e) => e.label === "ordinary")!;
  await postJson(server, "/api/v1/reports", { account_id: target.admin.id }, "dev-reporter-token");
  await postJson(server, "/_dev/reset", {});
  assert.equal(server.dev.state.reports.length, 0);
  assert.equal(server.stats().requests.total, 0);
  assert.ok(server.dev.state.pendingCount > 0);
});

Deno.test("OAuth login as moderator yields a token whose account has the Moderator role", async () => {
  const server = arrivedServer();
  const token = await oauthToken(server, "moderator");
  const me = await getJson(server, "/api/v1/accounts/verify_credentials", token);
  assert.equal((me.body as Json).username, "moderator");
  assert.equal((me.body as Json).role.name, "Moderator");
  assert.ok(BigInt((me.body as Json).role.permissions) & 16n);
  assert.equal((await getJson(server, "/api/v1/admin/reports", token)).status, 200);
});

Deno.test("OAuth login as member yields a role-less account refused by admin endpoints", async () => {
  const server = arrivedServer();
  const token = await oauthToken(server, "member");
  const me = await getJson(server, "/api/v1/accounts/verify_credentials", token);
  assert.equal((me.body as Json).role.permissions, "65536");
  const admin = await getJson(server, "/api/v1/admin/reports", token);
  assert.equal(admin.status, 403);
  assert.deepEqual(admin.body, { error: "This action is not allowed" });
});

Deno.test("the token endpoint refuses a wrong client secret and a reused code", async () => {
  const server = arrivedServer();
  const wrong = await server.app.request("/oauth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=authorization_code&code=x&client_id=dev-client&client_secret=no",
  });
  assert.equal(wrong.status, 401);
  const reused = await server.app.request("/oauth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=authorization_code&code=x&client_id=dev-client&client_secret=dev-secret",
  });
  assert.equal(reused.status, 400);
});

Deno.test("in realtime mode arrivals follow the clock times the arrival speed", async () => {
  let t = Date.parse("2026-11-01T00:00:00Z");
  const server = createDevServer({ arrivals: "realtime", arrivalSpeed: 60, now: () => t });
  try {
    const labels = () => new Set([...server.state.accounts.values()].map((e) => e.label));
    await server.app.request("/api/v2/instance");
    assert.ok(!labels().has("mention-spam"));
    t += 30_000; // 30 s at 60x: half an hour of arrivals
    await server.app.request("/api/v2/instance");
    assert.ok(labels().has("mention-spam"));
    assert.equal(server.state.elapsedMs, 30 * 60_000);
  } finally {
    server.close();
  }
});

Deno.test("a new world's realtime arrivals wait for DEVSERVER_ARRIVAL_DELAY, then follow the clock", async () => {
  let t = Date.parse("2026-11-01T00:00:00Z");
  const server = createDevServer({
    arrivals: "realtime",
    arrivalSpeed: 60,
    arrivalDelayMs: 20_000,
    now: () => t,
  });
  try {
    const labels = () => new Set([...server.state.accounts.values()].map((e) => e.label));
    t += 19_000;
    await server.app.request("/api/v2/instance");
    assert.ok(!labels().has("mention-spam"));
    assert.equal(server.state.elapsedMs, 0);
    t += 31_000; // 30 s of arrivals after the delay: half an hour at 60x
    await server.app.request("/api/v2/instance");
    assert.ok(labels().has("mention-spam"));
    assert.equal(server.state.elapsedMs, 30 * 60_000);
  } finally {
    server.close();
  }
});

Deno.test("GET /_dev/timeline gives each arrival and each acknowledged webhook on the wall clock", async () => {
  const server = createDevServer({
    webhookUrl: "http://receiver.test/hook",
    webhookSecret: "s3cret",
    webhookFetch: () => Promise.resolve(new Response(null, { status: 200 })),
  });
  const before = Date.now();
  server.tick(3_600_000);
  await server.deliverWebhooks();
  const { status, body } = await getJson(server, "/_dev/timeline");
  assert.equal(status, 200);
  const timeline = body as {
    accounts: { id: string; local: boolean; arrived_at: string | null }[];
    webhooks: { event: string; account_id: string; delivered_at: string }[];
  };
  const labels = (await getJson(server, "/_dev/labels")).body as Record<string, string>;
  const arrived = timeline.accounts.filter((a) => a.arrived_at !== null);
  assert.ok(arrived.length > 0);
  for (const a of arrived) {
    assert.ok(labels[a.id], `arrived account ${a.id} is known`);
    assert.ok(Date.parse(a.arrived_at!) >= before);
  }
  const created = timeline.webhooks.filter((w) => w.event === "status.created");
  assert.ok(created.length > 0);
  const local = new Set(timeline.accounts.filter((a) => a.local).map((a) => a.id));
  // Mastodon sends status.created for local statuses only.
  for (const w of created) assert.ok(local.has(w.account_id), `${w.account_id} is local`);
  assert.equal(timeline.webhooks.length, server.stats().webhooks.delivered);
});
