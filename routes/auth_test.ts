import assert from "node:assert/strict";
import { Sessions } from "../server/session.ts";
import { requireAuth } from "../server/auth.ts";
import { FailureThrottle } from "../server/throttle.ts";
import { fakeLogin } from "../server/testing_login.ts";
import { testApp } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { authRoutes } from "./auth.ts";
import { meRoutes } from "./me.ts";

async function setup(opts: { configured?: boolean } = {}) {
  const db = await testDatabase();
  const login = fakeLogin();
  const sessions = new Sessions({ sql: db.sql, secret: "s".repeat(40), secure: false, login });
  const configured = opts.configured ?? true;
  const { app } = testApp([
    authRoutes({
      sql: db.sql,
      sessions: configured ? sessions : undefined,
      login: configured ? login : undefined,
      missing: configured ? [] : ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"],
      uiOrigin: "https://mw.example",
      instanceName: () => Promise.resolve("Social Example"),
      throttle: new FailureThrottle(),
    }),
    meRoutes({ auth: requireAuth(undefined, (c) => sessions.read(c)) }),
  ]);
  /** Starts a login; answers the state cookie and the authorize URL. */
  const begin = async (path = "/admin/login") => {
    const res = await app.request(path);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    return { res, cookie, url: new URL(res.headers.get("location") ?? "about:blank") };
  };
  const callback = (code: string, state: string, cookie: string, path = "/admin/callback") =>
    app.request(`${path}?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
  return { db, app, login, begin, callback };
}

const sessionCookie = (res: Response) =>
  (res.headers.get("set-cookie") ?? "").match(/mw_session=[^;]+/)?.[0] ?? "";

Deno.test("GET /admin/login sends to Mastodon with a state, PKCE S256 and read:accounts", async () => {
  const s = await setup();
  try {
    const { res, cookie, url } = await s.begin("/admin/login?next=%2Frules");
    assert.equal(res.status, 302);
    assert.match(cookie, /^mw_oauth_state=/);
    assert.equal(url.searchParams.get("state"), cookie.split("=")[1], "the state is the browser's");
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    assert.match(url.searchParams.get("code_challenge") ?? "", /^[A-Za-z0-9_-]{43}$/);
    assert.equal(url.searchParams.get("scope"), "read:accounts");
    assert.equal(url.searchParams.get("redirect_uri"), "https://mw.example/admin/callback");
  } finally {
    await s.db.close();
  }
});

Deno.test("a moderator's callback starts a session and returns to the page asked for", async () => {
  const s = await setup();
  try {
    const { cookie, url } = await s.begin("/admin/login?next=%2Frules");
    const res = await s.callback("mod-code", url.searchParams.get("state")!, cookie);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), "/rules");
    const [exchange] = s.login.exchanges;
    assert.equal(exchange.redirectUri, "https://mw.example/admin/callback");
    assert.match(exchange.verifier, /^[A-Za-z0-9_-]{43}$/, "the PKCE verifier went to Mastodon");
    const me = await (await s.app.request("/api/v1/me", {
      headers: { cookie: sessionCookie(res) },
    })).json();
    assert.equal(me.moderator.acct, "moderator");
    assert.equal(me.moderator.role, "Moderator");
  } finally {
    await s.db.close();
  }
});

Deno.test("a member without a moderation role is refused and their token revoked", async () => {
  const s = await setup();
  try {
    const { cookie, url } = await s.begin();
    const res = await s.callback("member-code", url.searchParams.get("state")!, cookie);
    assert.equal(res.status, 403);
    assert.match((await res.json()).error.message, /may not moderate/);
    assert.equal(sessionCookie(res), "");
    assert.equal(s.login.revoked.length, 1);
  } finally {
    await s.db.close();
  }
});

Deno.test("a callback whose state is not the browser's, or used twice, is refused", async () => {
  const s = await setup();
  try {
    const first = await s.begin();
    const other = await s.begin();
    const state = first.url.searchParams.get("state")!;
    const crossed = await s.callback("mod-code", state, other.cookie);
    assert.equal(crossed.status, 400);
    await crossed.body?.cancel();
    const ok = await s.callback("mod-code", state, first.cookie);
    assert.equal(ok.status, 302);
    const replay = await s.callback("mod-code", state, first.cookie);
    assert.equal(replay.status, 400, "a login completes once");
    await replay.body?.cancel();
  } finally {
    await s.db.close();
  }
});

Deno.test("the old /oauth/callback path completes a login too", async () => {
  const s = await setup();
  try {
    const { cookie, url } = await s.begin();
    const res = await s.callback(
      "mod-code",
      url.searchParams.get("state")!,
      cookie,
      "/oauth/callback",
    );
    assert.equal(res.status, 302);
    assert.notEqual(sessionCookie(res), "");
  } finally {
    await s.db.close();
  }
});

Deno.test("after logout the old session cookie is refused and the token revoked", async () => {
  const s = await setup();
  try {
    const { cookie, url } = await s.begin();
    const session = sessionCookie(
      await s.callback("mod-code", url.searchParams.get("state")!, cookie),
    );
    const [{ csrf_token }] = await s.db.sql<
      { csrf_token: string }[]
    >`SELECT csrf_token FROM ui_sessions`;
    const forged = await s.app.request("/admin/logout", {
      method: "POST",
      headers: { cookie: session, "content-type": "application/x-www-form-urlencoded" },
      body: "csrf=wrong",
    });
    assert.equal(forged.status, 403, "another site cannot log a moderator out");
    await forged.body?.cancel();
    const out = await s.app.request("/admin/logout", {
      method: "POST",
      headers: { cookie: session, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${csrf_token}`,
    });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get("location"), "/login");
    assert.equal(s.login.revoked.length, 1);
    const again = await s.app.request("/api/v1/me", { headers: { cookie: session } });
    assert.equal(again.status, 401);
    await again.body?.cancel();
  } finally {
    await s.db.close();
  }
});

Deno.test("failed callbacks from one address are throttled with 429 after ten", async () => {
  const s = await setup();
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await s.callback("nope", "forged", "mw_oauth_state=other");
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses, [...Array(10).fill(400), 429, 429]);
  } finally {
    await s.db.close();
  }
});

Deno.test("the login page names the instance, and says what is missing when not configured", async () => {
  const ready = await setup();
  const unready = await setup({ configured: false });
  try {
    const page = await ready.app.request("/login", { headers: { accept: "text/html" } });
    const html = await page.text();
    assert.match(html, /Social Example/);
    assert.match(html, /href="\/admin\/login"[^>]*>Log in with Mastodon/);
    assert.match(html, /href="https:\/\/goingdark.social"/);
    const off = await unready.app.request("/login", { headers: { accept: "text/html" } });
    assert.equal(off.status, 503);
    const text = await off.text();
    assert.match(text, /Login is not configured/);
    assert.match(text, /OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET/);
    assert.ok(!text.includes("Log in with Mastodon"));
  } finally {
    await ready.db.close();
    await unready.db.close();
  }
});

Deno.test("an address that begins more than 30 logins a minute is answered 429", async () => {
  const s = await setup();
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const { res } = await s.begin();
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses, [...Array(30).fill(302), 429]);
    const [{ n }] = await s.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM oauth_logins`;
    assert.equal(n, 30, "a refused start stores nothing");
  } finally {
    await s.db.close();
  }
});
