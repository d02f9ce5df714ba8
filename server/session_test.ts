import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Hono } from "hono";
import { testDatabase } from "../tests/db.ts";
import { requireAuth } from "./auth.ts";
import { createApp } from "./app.ts";
import { Metrics } from "./metrics.ts";
import { SESSION_COOKIE, SESSION_DEFAULTS, Sessions } from "./session.ts";
import { fakeLogin } from "./testing_login.ts";
import type { AppEnv } from "./types.ts";

const SECRET = "s".repeat(40);
const T0 = Date.parse("2026-12-01T09:00:00Z");
const MINUTE = 60_000;

async function setup() {
  const db = await testDatabase();
  const login = fakeLogin();
  let t = T0;
  const sessions = new Sessions({
    sql: db.sql,
    secret: SECRET,
    secure: false,
    login,
    now: () => new Date(t),
  });
  const routes = new Hono<AppEnv>();
  routes.get("/in", async (c) => {
    const token = await login.exchange({ code: "mod-code", verifier: "v", redirectUri: "r" });
    await sessions.start(c, { id: "10", acct: "moderator", role: "Moderator", token });
    return c.text("ok");
  });
  routes.use("/api/*", requireAuth("k".repeat(20), (c) => sessions.read(c)));
  routes.get("/api/me", (c) => c.json({ actor: c.get("actor") }));
  routes.post("/api/out", async (c) => {
    await sessions.end(c);
    return c.text("bye");
  });
  const app = createApp({ metrics: new Metrics(), maxBodyBytes: 4096, routes: [routes] });
  const res = await app.request("/in");
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  const me = (extra: Record<string, string> = {}) =>
    app.request("/api/me", { headers: { cookie, ...extra } });
  return {
    db,
    login,
    cookie,
    me,
    app,
    advance: (ms: number) => (t += ms),
    close: () => db.close(),
  };
}

Deno.test("the session cookie holds a random id; the database keeps only its hash", async () => {
  const s = await setup();
  try {
    const id = s.cookie.slice(`${SESSION_COOKIE}=`.length);
    assert.ok(id.length >= 43, "at least 256 random bits");
    const rows = await s.db.sql<{ id_hash: string; token_sealed: string }[]>`
      SELECT id_hash, token_sealed FROM ui_sessions`;
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id_hash, createHash("sha256").update(id).digest("hex"));
    assert.ok(!rows[0].token_sealed.includes("token-"), "the Mastodon token is sealed");
    assert.equal((await (await s.me()).json()).actor, "@moderator");
  } finally {
    await s.close();
  }
});

Deno.test("a session left idle longer than the idle limit is refused", async () => {
  const s = await setup();
  try {
    s.advance(SESSION_DEFAULTS.idleMs + MINUTE);
    assert.equal((await s.me()).status, 401);
  } finally {
    await s.close();
  }
});

Deno.test("a session in steady use still ends at its absolute limit", async () => {
  const s = await setup();
  try {
    const step = SESSION_DEFAULTS.idleMs / 2;
    for (let t = 0; t + step < SESSION_DEFAULTS.absoluteMs; t += step) {
      s.advance(step);
      assert.equal((await s.me()).status, 200, `still in at +${t + step} ms`);
    }
    s.advance(step);
    assert.equal((await s.me()).status, 401);
  } finally {
    await s.close();
  }
});

Deno.test("a moderator whose role is taken away is logged out at the next role check", async () => {
  const s = await setup();
  try {
    assert.equal((await s.me()).status, 200);
    const [token] = [...s.login.tokens.keys()];
    s.login.tokens.get(token)!.role = { name: "", permissions: "65536" };
    s.advance(SESSION_DEFAULTS.roleCheckMs);
    assert.equal((await s.me()).status, 401);
    assert.equal((await s.db.sql`SELECT 1 FROM ui_sessions`).length, 0, "the session is deleted");
    assert.deepEqual(s.login.revoked, [token], "and its token revoked");
  } finally {
    await s.close();
  }
});

Deno.test("a token revoked at Mastodon ends the session at the next role check", async () => {
  const s = await setup();
  try {
    s.login.tokens.clear();
    s.advance(SESSION_DEFAULTS.roleCheckMs);
    assert.equal((await s.me()).status, 401);
  } finally {
    await s.close();
  }
});

Deno.test("when Mastodon cannot be asked, a session lasts the grace period, then gets 503", async () => {
  const s = await setup();
  try {
    s.login.down = true;
    s.advance(SESSION_DEFAULTS.roleCheckMs);
    assert.equal((await s.me()).status, 200, "a short outage does not log moderators out");
    s.advance(SESSION_DEFAULTS.roleGraceMs);
    const refused = await s.me();
    assert.equal(refused.status, 503);
    await refused.body?.cancel();
    s.login.down = false;
    assert.equal((await s.me()).status, 200, "the session resumes once Mastodon answers");
  } finally {
    await s.close();
  }
});

Deno.test("ending a session deletes it and revokes its Mastodon token", async () => {
  const s = await setup();
  try {
    const [token] = [...s.login.tokens.keys()];
    const out = await s.app.request("/api/out", {
      method: "POST",
      headers: { cookie: s.cookie, "x-csrf-token": await csrfOf(s.db.sql) },
    });
    assert.equal(out.status, 200);
    assert.match(out.headers.get("set-cookie") ?? "", /mw_session=;/);
    assert.deepEqual(s.login.revoked, [token]);
    assert.equal((await s.me()).status, 401, "the old cookie no longer works");
  } finally {
    await s.close();
  }
});

Deno.test("session cookies are HttpOnly, SameSite=Lax, and Secure behind TLS", async () => {
  const s = await setup();
  try {
    assert.match(s.cookie, /^mw_session=/);
    const plain = await s.app.request("/in");
    const header = plain.headers.get("set-cookie") ?? "";
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Lax/);
    assert.ok(!/;\s*Secure/i.test(header));
    const proxied = await s.app.request("/in", { headers: { "x-forwarded-proto": "https" } });
    assert.match(proxied.headers.get("set-cookie") ?? "", /;\s*Secure/i);
  } finally {
    await s.close();
  }
});

async function csrfOf(sql: import("../db/connect.ts").Sql): Promise<string> {
  const [row] = await sql<{ csrf_token: string }[]>`SELECT csrf_token FROM ui_sessions`;
  return row.csrf_token;
}
