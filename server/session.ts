/**
 * Moderators' UI sessions: a signed cookie (HMAC-SHA256 with SESSION_SECRET) holding who logged
 * in and until when, plus a CSRF token derived from the session for every form.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "./auth.ts";
import { HttpError } from "./errors.ts";

/** The cookie's name. */
export const SESSION_COOKIE = "mw_session";
const TTL_SECONDS = 12 * 3600;

const payloadSchema = z.object({
  sid: z.string().min(16),
  id: z.string(),
  acct: z.string(),
  exp: z.number(),
});

/** Who is logged in. */
export type Session = z.infer<typeof payloadSchema>;

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** Signs and verifies session cookies and CSRF tokens. */
export class Sessions {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  #sign(data: string): string {
    return b64url(createHmac("sha256", this.secret).update(data).digest());
  }

  /** Encodes a session as a cookie value. */
  encode(s: Session): string {
    const body = b64url(JSON.stringify(s));
    return `${body}.${this.#sign(body)}`;
  }

  /** Decodes a cookie value; undefined when forged, malformed or expired. */
  decode(value: string | undefined): Session | undefined {
    if (!value) return undefined;
    const [body, sig] = value.split(".");
    if (!body || !sig || !safeEqual(sig, this.#sign(body))) return undefined;
    try {
      const s = payloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString()));
      return s.exp * 1000 > this.now() ? s : undefined;
    } catch {
      return undefined;
    }
  }

  /** Starts a session for a moderator and sets its cookie. */
  start(c: Context, who: { id: string; acct: string }): Session {
    const s: Session = {
      sid: crypto.randomUUID(),
      ...who,
      exp: Math.floor(this.now() / 1000) + TTL_SECONDS,
    };
    setCookie(c, SESSION_COOKIE, this.encode(s), this.cookieOptions(TTL_SECONDS, c));
    return s;
  }

  /** Reads the session of a request. */
  read(c: Context): Session | undefined {
    return this.decode(getCookie(c, SESSION_COOKIE));
  }

  /** Ends the session. */
  end(c: Context): void {
    deleteCookie(c, SESSION_COOKIE, this.cookieOptions(0, c));
  }

  /** The CSRF token for a session's forms. */
  csrfToken(s: Session): string {
    return this.#sign(`csrf:${s.sid}`);
  }

  /** True when `token` is the session's CSRF token. */
  csrfValid(s: Session, token: string | undefined): boolean {
    return token !== undefined && safeEqual(token, this.csrfToken(s));
  }

  /**
   * Cookie attributes: HttpOnly, SameSite=Lax, and Secure behind TLS: when UI_ORIGIN is https,
   * or the request came over https (directly or through a proxy saying so).
   */
  cookieOptions(maxAge: number, c?: Context) {
    const tls = c !== undefined &&
      (new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https");
    return {
      httpOnly: true,
      sameSite: "Lax" as const,
      secure: this.secure || tls,
      path: "/",
      maxAge,
    };
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Reads the moderator behind a request's session for `requireAuth`. A state-changing request
 * made with the session cookie must also carry the CSRF token (X-CSRF-Token header or a `csrf`
 * form field), so another site cannot make a logged-in browser act.
 */
export function sessionActor(sessions: Sessions) {
  return async (c: Context): Promise<string | undefined> => {
    const s = sessions.read(c);
    if (!s) return undefined;
    if (!SAFE_METHODS.has(c.req.method)) {
      let token = c.req.header("x-csrf-token");
      const type = c.req.header("content-type") ?? "";
      if (!token && /form/.test(type)) token = String((await c.req.parseBody()).csrf ?? "");
      if (!sessions.csrfValid(s, token)) {
        throw new HttpError(403, "Missing or invalid CSRF token", undefined, "csrf");
      }
    }
    return `@${s.acct}`;
  };
}
