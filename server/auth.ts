/**
 * Authentication for the API and the UI: the API key (X-API-Key or Bearer) or a moderator's
 * session. Wrong keys are throttled per client; a session's state-changing requests need its
 * CSRF token.
 */
import type { Context, MiddlewareHandler } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./errors.ts";
import type { LiveSession } from "./session.ts";
import { clientAddress, type FailureThrottle } from "./throttle.ts";
import type { AppEnv } from "./types.ts";

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Finds the live session of a request, when the UI's login is configured. */
export type SessionReader = (c: Context<AppEnv>) => Promise<LiveSession | undefined>;

/** True when the client prefers an HTML page (a browser) to JSON. */
export function wantsHtml(c: Context): boolean {
  return (c.req.header("accept") ?? "").includes("text/html");
}

function presentedKey(c: Context): string | undefined {
  const header = c.req.header("x-api-key");
  if (header) return header;
  const auth = c.req.header("authorization");
  const m = auth?.match(/^Bearer\s+(.+)$/i);
  return m?.[1];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function presentedCsrf(c: Context): Promise<string | undefined> {
  const header = c.req.header("x-csrf-token");
  if (header) return header;
  if (!/form/.test(c.req.header("content-type") ?? "")) return undefined;
  const value = (await c.req.parseBody()).csrf;
  return typeof value === "string" ? value : undefined;
}

/** Where the login page sends a person back to: a path on this site only. */
export function safeReturnPath(path: string | undefined): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return "/";
  return path.length > 500 ? "/" : path;
}

/**
 * Middleware refusing requests with neither a valid API key nor a live session. Sets the
 * `actor`, and for a session the `moderator` and its `csrf` token.
 */
export function requireAuth(
  apiKey: string | undefined,
  session?: SessionReader,
  throttle?: FailureThrottle,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = presentedKey(c);
    if (key !== undefined) {
      const client = clientAddress(c);
      throttle?.assertAllowed(client);
      if (!apiKey || !safeEqual(key, apiKey)) {
        throttle?.count(client);
        throw new HttpError(401, "Invalid API key");
      }
      c.set("actor", "api-key");
      return await next();
    }
    const live = session ? await session(c) : undefined;
    if (!live) {
      // A person's browser asking for a page is sent to the login instead of getting JSON.
      if (c.req.method === "GET" && wantsHtml(c)) {
        const url = new URL(c.req.url);
        const back = safeReturnPath(`${url.pathname}${url.search}`);
        return c.redirect(back === "/" ? "/login" : `/login?next=${encodeURIComponent(back)}`);
      }
      throw new HttpError(401, "Authentication required: send X-API-Key or log in");
    }
    if (!SAFE_METHODS.has(c.req.method) && !safeCsrf(await presentedCsrf(c), live.csrf)) {
      throw new HttpError(403, "Missing or invalid CSRF token", undefined, "csrf");
    }
    c.set("actor", `@${live.moderator.acct}`);
    c.set("moderator", live.moderator);
    c.set("csrf", live.csrf);
    await next();
  };
}

function safeCsrf(presented: string | undefined, expected: string): boolean {
  return presented !== undefined && safeEqual(presented, expected);
}
