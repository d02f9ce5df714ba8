/**
 * Moderators' login through the Mastodon server's OAuth: /login, /oauth/callback, POST /logout.
 * Only accounts whose role grants moderation (Manage Reports, or Administrator) may enter.
 */
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { PERMISSIONS } from "../mastodon/startup.ts";
import { HttpError } from "../server/errors.ts";
import { logger } from "../server/log.ts";
import { safeEqual } from "../server/auth.ts";
import type { Sessions } from "../server/session.ts";
import type { AppEnv } from "../server/types.ts";

const log = logger("auth");
const STATE_COOKIE = "mw_oauth_state";

/** What the login routes need. */
export interface AuthDeps {
  sessions?: Sessions;
  instanceBase?: string;
  clientId?: string;
  clientSecret?: string;
  uiOrigin?: string;
  userAgent: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const tokenSchema = z.looseObject({ access_token: z.string().min(1) });
const credentialsSchema = z.looseObject({
  id: z.string(),
  acct: z.string(),
  role: z.looseObject({ permissions: z.string() }).nullish(),
});

/** True when a role's permission bits allow moderating reports. */
export function canModerate(permissions: string | undefined): boolean {
  if (!permissions || !/^\d+$/.test(permissions)) return false;
  const bits = BigInt(permissions);
  return (bits & (PERMISSIONS.administrator | PERMISSIONS.manage_reports)) !== 0n;
}

/** The login routes. */
export function authRoutes(deps: AuthDeps) {
  const app = new Hono<AppEnv>();
  const doFetch = deps.fetch ?? fetch;
  const configured = () =>
    deps.sessions && deps.instanceBase && deps.clientId && deps.clientSecret
      ? {
        sessions: deps.sessions,
        base: deps.instanceBase,
        id: deps.clientId,
        secret: deps.clientSecret,
      }
      : undefined;
  const redirectUri = (origin: string) => `${deps.uiOrigin ?? origin}/oauth/callback`;

  const call = async (url: string, init: RequestInit) => {
    const res = await doFetch(url, {
      ...init,
      headers: { "user-agent": deps.userAgent, ...init.headers },
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpError(502, `Mastodon answered ${res.status} during login`);
    }
    return await res.json();
  };

  app.get("/login", (c) => {
    const o = configured();
    if (!o) {
      throw new HttpError(
        503,
        "Login is not configured (OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, SESSION_SECRET)",
      );
    }
    const state = crypto.randomUUID();
    setCookie(c, STATE_COOKIE, state, o.sessions.cookieOptions(600, c));
    const url = new URL("/oauth/authorize", o.base);
    url.search = new URLSearchParams({
      client_id: o.id,
      redirect_uri: redirectUri(new URL(c.req.url).origin),
      response_type: "code",
      scope: "read:accounts",
      state,
    }).toString();
    return c.redirect(url.toString());
  });

  app.get("/oauth/callback", async (c) => {
    const o = configured();
    if (!o) throw new HttpError(503, "Login is not configured");
    const code = c.req.query("code");
    const state = c.req.query("state");
    const expected = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, o.sessions.cookieOptions(0, c));
    if (!code || !state || !expected || !safeEqual(state, expected)) {
      throw new HttpError(400, "Login state missing or does not match; start again at /login");
    }
    const token = tokenSchema.parse(
      await call(new URL("/oauth/token", o.base).toString(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          client_id: o.id,
          client_secret: o.secret,
          redirect_uri: redirectUri(new URL(c.req.url).origin),
          scope: "read:accounts",
        }),
      }),
    );
    const me = credentialsSchema.parse(
      await call(new URL("/api/v1/accounts/verify_credentials", o.base).toString(), {
        headers: { authorization: `Bearer ${token.access_token}` },
      }),
    );
    if (!canModerate(me.role?.permissions)) {
      log.warn("Refused login of @{acct}: its role does not grant moderation", { acct: me.acct });
      throw new HttpError(403, `@${me.acct} may not moderate on this server`);
    }
    o.sessions.start(c, { id: me.id, acct: me.acct });
    log.info("Moderator @{acct} logged in", { acct: me.acct });
    return c.redirect("/");
  });

  app.post("/logout", async (c) => {
    const sessions = deps.sessions;
    const s = sessions?.read(c);
    if (sessions && s) {
      const form = await c.req.parseBody();
      if (!sessions.csrfValid(s, String(form.csrf ?? ""))) {
        throw new HttpError(403, "Invalid CSRF token");
      }
      sessions.end(c);
    }
    return c.redirect("/login");
  });
  return app;
}
