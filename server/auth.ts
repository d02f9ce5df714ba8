/** Authentication for the API: the API key (X-API-Key or Bearer) or a moderator's session. */
import type { Context, MiddlewareHandler } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./errors.ts";
import type { AppEnv } from "./types.ts";

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Finds the moderator behind a session cookie, when the UI's login is configured. */
export type SessionReader = (c: Context<AppEnv>) => Promise<string | undefined>;

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

/** Middleware refusing requests with neither a valid API key nor a moderator's session. */
export function requireAuth(
  apiKey: string | undefined,
  session?: SessionReader,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = presentedKey(c);
    if (key !== undefined) {
      if (!apiKey || !safeEqual(key, apiKey)) throw new HttpError(401, "Invalid API key");
      c.set("actor", "api-key");
      return await next();
    }
    const who = session ? await session(c) : undefined;
    if (!who) {
      // A person's browser asking for a page is sent to the login instead of getting JSON.
      if (c.req.method === "GET" && wantsHtml(c)) return c.redirect("/login");
      throw new HttpError(401, "Authentication required: send X-API-Key or log in");
    }
    c.set("actor", who);
    await next();
  };
}
