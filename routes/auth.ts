/**
 * Moderators' login through the Mastodon server's OAuth (authorization code with PKCE S256):
 * GET /login (our page), GET /admin/login, GET /admin/callback, POST /admin/logout; the older
 * /oauth/callback and POST /logout stay as aliases. Only roles that may manage reports enter.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createHash } from "node:crypto";
import { h } from "preact";
import { z } from "zod";
import { LoginPage } from "../components/login.tsx";
import type { Sql } from "../db/connect.ts";
import { insertLogin, takeLogin } from "../db/sessions.ts";
import { safeEqual, safeReturnPath } from "../server/auth.ts";
import { HttpError } from "../server/errors.ts";
import { logger } from "../server/log.ts";
import { canModerate, type MastodonLogin, pkcePair } from "../server/mastodon_login.ts";
import { page } from "../server/negotiate.ts";
import { describe } from "../server/openapi.ts";
import type { Sessions } from "../server/session.ts";
import { clientAddress, FailureThrottle } from "../server/throttle.ts";
import type { AppEnv } from "../server/types.ts";

const log = logger("auth");
const STATE_COOKIE = "mw_oauth_state";
const LOGIN_TTL_MS = 10 * 60_000;

/** What the login routes need; `login` and `sessions` are absent when login is not configured. */
export interface AuthDeps {
  sql: Sql;
  sessions?: Sessions;
  login?: MastodonLogin;
  /** What is missing for login to work, named for the operator. */
  missing: string[];
  uiOrigin?: string;
  /** The instance's name for the login page; never throws. */
  instanceName: () => Promise<string>;
  /** Failed logins, per client address. */
  throttle: FailureThrottle;
  /** Logins begun, per client address: each stores a row until it completes or expires. */
  starts?: FailureThrottle;
  now?: () => Date;
}

const tags = ["auth"];
const nextQuery = z.object({
  next: z.string().optional().describe("a path on this site to return to after the login"),
});
const html = (description: string) => ({ description, type: "text/html" });
const docs = {
  page: describe({
    tags,
    summary: "The login page",
    auth: "none",
    query: nextQuery,
    responses: { 200: html("The page"), 503: html("The page, saying what login lacks") },
  }),
  begin: describe({
    tags,
    summary: "Begins a login: redirects to the Mastodon server's OAuth authorisation",
    auth: "none",
    query: nextQuery,
    responses: { 302: { description: "To Mastodon's authorisation page" } },
    errors: [429, 503],
  }),
  callback: describe({
    tags,
    summary: "The OAuth redirect URI: completes a login for a role that may moderate",
    auth: "none",
    query: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      error: z.string().optional(),
    }),
    responses: { 302: { description: "Logged in: to the page the login began from" } },
    errors: [403, 429, 502, 503],
  }),
  logout: describe({
    tags,
    summary: "Ends the session (with its CSRF token) and revokes its Mastodon token",
    auth: "none",
    bodyTypes: ["application/x-www-form-urlencoded"],
    responses: { 303: { description: "To the login page" } },
    errors: [403],
  }),
};

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

/** The login routes. */
export function authRoutes(deps: AuthDeps) {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());
  const starts = deps.starts ?? new FailureThrottle({ limit: 30 });
  const configured = () => {
    if (!deps.sessions || !deps.login) {
      throw new HttpError(503, `Login is not configured: set ${deps.missing.join(", ")}`);
    }
    return { sessions: deps.sessions, login: deps.login };
  };

  app.get("/login", docs.page, async (c) => {
    const next = safeReturnPath(docs.page.query(c).next);
    // Someone already logged in goes on; a session that cannot be confirmed still sees the page.
    const live = await deps.sessions?.read(c).catch(() => undefined);
    if (live) return c.redirect(next);
    const instance = await deps.instanceName();
    const ready = Boolean(deps.sessions && deps.login);
    const loginUrl = next === "/"
      ? "/admin/login"
      : `/admin/login?next=${encodeURIComponent(next)}`;
    return page(
      c,
      () =>
        h(LoginPage, { instance, loginUrl: ready ? loginUrl : undefined, missing: deps.missing }),
      ready ? 200 : 503,
    );
  });

  app.get("/admin/login", docs.begin, async (c) => {
    const client = clientAddress(c);
    deps.throttle.assertAllowed(client);
    const { sessions, login } = configured();
    starts.assertAllowed(client);
    starts.count(client);
    const state = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
    const { verifier, challenge } = pkcePair();
    const origin = deps.uiOrigin ?? new URL(c.req.url).origin;
    const redirectUri = `${origin}/admin/callback`;
    await insertLogin(
      deps.sql,
      hashState(state),
      {
        codeVerifier: verifier,
        redirectUri,
        returnTo: safeReturnPath(docs.begin.query(c).next),
      },
      new Date(now().getTime() + LOGIN_TTL_MS),
      now(),
    );
    // The state rides in a cookie too, so a callback only completes in the browser that began.
    setCookie(c, STATE_COOKIE, state, sessions.cookieOptions(LOGIN_TTL_MS / 1000, c));
    return c.redirect(login.authorizeUrl({ redirectUri, state, challenge }));
  });

  const callback = async (c: Context<AppEnv>) => {
    const client = clientAddress(c);
    deps.throttle.assertAllowed(client);
    const { sessions, login } = configured();
    try {
      return await completeLogin(c, sessions, login);
    } catch (err) {
      deps.throttle.count(client);
      throw err;
    }
  };

  const completeLogin = async (c: Context<AppEnv>, sessions: Sessions, login: MastodonLogin) => {
    const q = docs.callback.query(c);
    const expected = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, sessions.cookieOptions(0, c));
    if (q.error) {
      throw new HttpError(400, `Mastodon did not authorise the login (${q.error.slice(0, 100)})`);
    }
    if (!q.code || !q.state || !expected || !safeEqual(q.state, expected)) {
      throw new HttpError(400, "Login state missing or does not match; start again at /login");
    }
    const pending = await takeLogin(deps.sql, hashState(q.state), now());
    if (!pending) throw new HttpError(400, "This login has expired or was used; start again");
    let token: string;
    try {
      token = await login.exchange({
        code: q.code,
        verifier: pending.codeVerifier,
        redirectUri: pending.redirectUri,
      });
    } catch (err) {
      log.warn("Code exchange failed: {error}", { error: (err as Error).message });
      throw new HttpError(502, "Mastodon did not accept the login; start again at /login");
    }
    const me = await login.whoAmI(token).catch((err) => {
      throw new HttpError(502, `Mastodon did not say who logged in: ${(err as Error).message}`);
    });
    if (!canModerate(me.role.permissions)) {
      log.warn("Refused login of @{acct}: its role does not grant moderation", { acct: me.acct });
      await login.revoke(token).catch(() => {});
      throw new HttpError(403, `@${me.acct} may not moderate on this server`);
    }
    await sessions.start(c, { id: me.id, acct: me.acct, role: me.role.name, token });
    log.info("Moderator @{acct} logged in", { acct: me.acct });
    return c.redirect(pending.returnTo, 302);
  };
  app.get("/admin/callback", docs.callback, callback);
  app.get("/oauth/callback", docs.callback, callback);

  const logout = async (c: Context<AppEnv>) => {
    const sessions = deps.sessions;
    const live = sessions && await sessions.read(c).catch(() => undefined);
    if (sessions && live) {
      const form = await c.req.parseBody();
      const token = c.req.header("x-csrf-token") ?? String(form.csrf ?? "");
      if (!sessions.csrfValid(live, token)) {
        throw new HttpError(403, "Missing or invalid CSRF token", undefined, "csrf");
      }
      log.info("Moderator @{acct} logged out", { acct: live.moderator.acct });
    }
    await sessions?.end(c);
    return c.redirect("/login", 303);
  };
  app.post("/admin/logout", docs.logout, logout);
  app.post("/logout", docs.logout, logout);
  return app;
}
