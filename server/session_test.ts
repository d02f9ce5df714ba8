import assert from "node:assert/strict";
import { Hono } from "hono";
import { requireAuth } from "./auth.ts";
import { createApp } from "./app.ts";
import { Metrics } from "./metrics.ts";
import { SESSION_COOKIE, sessionActor, Sessions } from "./session.ts";
import type { AppEnv } from "./types.ts";

const SECRET = "s".repeat(40);
const NOW = Date.parse("2026-11-25T12:00:00Z");

function app(sessions: Sessions) {
  const routes = new Hono<AppEnv>();
  routes.use("/api/*", requireAuth("k".repeat(20), sessionActor(sessions)));
  routes.get("/api/me", (c) => c.json({ actor: c.get("actor") }));
  routes.post("/api/act", (c) => c.json({ actor: c.get("actor") }));
  return createApp({ metrics: new Metrics(), maxBodyBytes: 4096, routes: [routes] });
}

const session = { sid: "0123456789abcdef0123", id: "1", acct: "mod", exp: NOW / 1000 + 60 };

Deno.test("a signed session cookie authenticates and a forged one does not", async () => {
  const sessions = new Sessions(SECRET, false, () => NOW);
  const good = sessions.encode(session);
  const ok = await app(sessions).request("/api/me", {
    headers: { cookie: `${SESSION_COOKIE}=${good}` },
  });
  assert.equal((await ok.json()).actor, "@mod");
  const forged = new Sessions("x".repeat(40), false, () => NOW).encode(session);
  const bad = await app(sessions).request("/api/me", {
    headers: { cookie: `${SESSION_COOKIE}=${forged}` },
  });
  assert.equal(bad.status, 401);
});

Deno.test("an expired session is refused", async () => {
  const sessions = new Sessions(SECRET, false, () => NOW + 120_000);
  const res = await app(sessions).request("/api/me", {
    headers: { cookie: `${SESSION_COOKIE}=${sessions.encode(session)}` },
  });
  assert.equal(res.status, 401);
});

Deno.test("a state-changing request with the session cookie needs the CSRF token", async () => {
  const sessions = new Sessions(SECRET, false, () => NOW);
  const cookie = `${SESSION_COOKIE}=${sessions.encode(session)}`;
  const without = await app(sessions).request("/api/act", { method: "POST", headers: { cookie } });
  assert.equal(without.status, 403);
  assert.equal((await without.json()).error.code, "csrf");
  const withToken = await app(sessions).request("/api/act", {
    method: "POST",
    headers: { cookie, "x-csrf-token": sessions.csrfToken(session) },
  });
  assert.equal(withToken.status, 200);
});

Deno.test("session cookies are HttpOnly, SameSite=Lax and Secure behind TLS", () => {
  assert.deepEqual(new Sessions(SECRET, true).cookieOptions(60), {
    httpOnly: true,
    sameSite: "Lax",
    secure: true,
    path: "/",
    maxAge: 60,
  });
});

Deno.test("the session cookie is Secure behind a TLS proxy even without UI_ORIGIN", async () => {
  const sessions = new Sessions(SECRET, false, () => NOW);
  const routes = new Hono<AppEnv>();
  routes.get("/in", (c) => {
    sessions.start(c, { id: "1", acct: "mod" });
    return c.text("ok");
  });
  const app = createApp({ metrics: new Metrics(), maxBodyBytes: 4096, routes: [routes] });
  const plain = await app.request("/in");
  assert.ok(!/;\s*Secure/i.test(plain.headers.get("set-cookie") ?? ""));
  const proxied = await app.request("/in", { headers: { "x-forwarded-proto": "https" } });
  assert.match(proxied.headers.get("set-cookie") ?? "", /;\s*Secure/i);
  assert.match(proxied.headers.get("set-cookie") ?? "", /HttpOnly/);
});
