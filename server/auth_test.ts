import assert from "node:assert/strict";
import { Hono } from "hono";
import { requireAuth } from "./auth.ts";
import { createApp } from "./app.ts";
import { Metrics } from "./metrics.ts";
import type { LiveSession } from "./session.ts";
import { FailureThrottle } from "./throttle.ts";
import type { AppEnv } from "./types.ts";

const KEY = "k".repeat(20);
const live: LiveSession = {
  csrf: "the-csrf-token",
  moderator: {
    id: "10",
    acct: "moderator",
    role: "Moderator",
    expiresAt: new Date(),
    idleExpiresAt: new Date(),
    roleCheckedAt: new Date(),
  },
};

function app(opts: { throttle?: FailureThrottle; session?: boolean } = {}) {
  const routes = new Hono<AppEnv>();
  const session = opts.session ? () => Promise.resolve(live) : undefined;
  routes.use("/api/*", requireAuth(KEY, session, opts.throttle));
  routes.get("/api/me", (c) => c.json({ actor: c.get("actor"), csrf: c.get("csrf") ?? null }));
  routes.post("/api/act", (c) => c.json({ actor: c.get("actor") }));
  return createApp({ metrics: new Metrics(), maxBodyBytes: 4096, routes: [routes] });
}

const from = (address: string) => ({
  remoteAddr: { hostname: address, port: 1, transport: "tcp" },
});

Deno.test("after 10 wrong API keys in a minute an address gets 429 with Retry-After", async () => {
  let t = 0;
  const a = app({ throttle: new FailureThrottle({ now: () => t }) });
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 100; i++) {
    const res = await a.request(
      "/api/me",
      { headers: { "x-api-key": `wrong-${i}` } },
      from("203.0.113.9"),
    );
    statuses.push(res.status);
    if (res.status === 429) retryAfter = res.headers.get("retry-after");
    await res.body?.cancel();
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual(statuses.slice(10), Array(90).fill(429));
  assert.ok(Number(retryAfter) > 0 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
  const right = await a.request("/api/me", { headers: { "x-api-key": KEY } }, from("203.0.113.9"));
  assert.equal(right.status, 429, "even the right key waits: guessing must not pay");
  await right.body?.cancel();
  t += 60_000;
  const later = await a.request("/api/me", { headers: { "x-api-key": KEY } }, from("203.0.113.9"));
  assert.equal(later.status, 200, "the window passes");
});

Deno.test("one address's wrong keys do not throttle another address", async () => {
  const a = app({ throttle: new FailureThrottle() });
  for (let i = 0; i < 12; i++) {
    await (await a.request("/api/me", { headers: { "x-api-key": "x" } }, from("203.0.113.9"))).body
      ?.cancel();
  }
  const other = await a.request("/api/me", { headers: { "x-api-key": KEY } }, from("198.51.100.7"));
  assert.equal(other.status, 200);
});

Deno.test("behind a local proxy the address is the last hop of X-Forwarded-For", async () => {
  const a = app({ throttle: new FailureThrottle({ limit: 1 }) });
  const via = (xff: string) =>
    a.request(
      "/api/me",
      { headers: { "x-api-key": "x", "x-forwarded-for": xff } },
      from("127.0.0.1"),
    );
  assert.equal((await via("203.0.113.9")).status, 401);
  assert.equal((await via("203.0.113.9")).status, 429);
  assert.equal((await via("198.51.100.7")).status, 401, "another client behind the same proxy");
  const direct = await a.request(
    "/api/me",
    { headers: { "x-api-key": "x", "x-forwarded-for": "198.51.100.8" } },
    from("203.0.113.9"),
  );
  assert.equal(direct.status, 429, "a client talking to us directly cannot pick its own address");
});

Deno.test("a session's state-changing request needs its CSRF token", async () => {
  const a = app({ session: true });
  const without = await a.request("/api/act", { method: "POST" });
  assert.equal(without.status, 403);
  assert.equal((await without.json()).error.code, "csrf");
  const wrong = await a.request("/api/act", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "csrf=nope",
  });
  assert.equal(wrong.status, 403);
  await wrong.body?.cancel();
  const form = await a.request("/api/act", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "csrf=the-csrf-token",
  });
  assert.equal((await form.json()).actor, "@moderator");
});

Deno.test("auth puts the actor and the CSRF token in the context for pages", async () => {
  const body = await (await app({ session: true }).request("/api/me")).json();
  assert.deepEqual(body, { actor: "@moderator", csrf: "the-csrf-token" });
});

Deno.test("a browser without a session is sent to the login with the page to come back to", async () => {
  const res = await app().request("/api/me?x=1", { headers: { accept: "text/html" } });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("location"), "/login?next=%2Fapi%2Fme%3Fx%3D1");
  const api = await app().request("/api/me");
  assert.equal(api.status, 401);
  await api.body?.cancel();
});
