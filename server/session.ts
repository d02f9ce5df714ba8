/**
 * Moderators' UI sessions, kept in Postgres: the cookie holds only a random id. A session ends
 * at logout, after idle time, at an absolute limit, and when Mastodon no longer grants the
 * moderator's role (checked again every few minutes with the moderator's own token).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import type { Sql } from "../db/connect.ts";
import {
  deleteSession,
  findLiveSession,
  insertSession,
  markRoleChecked,
  pruneSessions,
  type SessionRow,
  touchSession,
} from "../db/sessions.ts";
import { safeEqual } from "./auth.ts";
import { HttpError } from "./errors.ts";
import { logger } from "./log.ts";
import { canModerate, type MastodonLogin, TokenRejected } from "./mastodon_login.ts";
import type { Moderator } from "./types.ts";

const log = logger("session");

/** The cookie's name. */
export const SESSION_COOKIE = "mw_session";

/** Timings of sessions, in milliseconds. */
export const SESSION_DEFAULTS = {
  idleMs: 2 * 3600_000,
  absoluteMs: 12 * 3600_000,
  /** How old a role confirmation may grow before the next request asks Mastodon again. */
  roleCheckMs: 5 * 60_000,
  /** Past this, a session whose role Mastodon cannot confirm is refused (503) until it can. */
  roleGraceMs: 15 * 60_000,
  /** Activity is written at most this often. */
  touchMs: 60_000,
};

/** What sessions are made from. */
export interface SessionOptions {
  sql: Sql;
  secret: string;
  /** Cookies are Secure whatever the request says (UI_ORIGIN is https). */
  secure: boolean;
  login: Pick<MastodonLogin, "whoAmI" | "revoke">;
  now?: () => Date;
  timings?: Partial<typeof SESSION_DEFAULTS>;
}

/** A live session as the routes see it. */
export interface LiveSession {
  moderator: Moderator;
  csrf: string;
}

const hash = (id: string) => createHash("sha256").update(id).digest("hex");
const randomId = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

/** Starts, reads and ends sessions. */
export class Sessions {
  readonly #o: SessionOptions;
  readonly #t: typeof SESSION_DEFAULTS;
  readonly #key: Buffer;
  readonly #checks = new Map<string, Promise<SessionRow | undefined>>();

  constructor(o: SessionOptions) {
    this.#o = o;
    this.#t = { ...SESSION_DEFAULTS, ...o.timings };
    this.#key = createHash("sha256").update(`mastowatch-session-token:${o.secret}`).digest();
  }

  #now(): Date {
    return this.#o.now?.() ?? new Date();
  }

  /** Starts a session for a moderator Mastodon just vouched for, and sets its cookie. */
  async start(
    c: Context,
    who: { id: string; acct: string; role: string; token: string },
  ): Promise<void> {
    const id = randomId();
    const now = this.#now();
    // Logins are rare: each clears the sessions and logins that expired meanwhile.
    await pruneSessions(this.#o.sql, now, new Date(now.getTime() - this.#t.idleMs));
    await insertSession(this.#o.sql, {
      idHash: hash(id),
      accountId: who.id,
      acct: who.acct,
      role: who.role,
      tokenSealed: this.#seal(who.token),
      csrfToken: randomId(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.#t.absoluteMs),
      roleCheckedAt: now,
    });
    setCookie(c, SESSION_COOKIE, id, this.cookieOptions(this.#t.absoluteMs / 1000, c));
  }

  /**
   * The live session of a request, or undefined: none, unknown, expired, idle too long, or its
   * role lost (then it is deleted). Throws 503 when the role is overdue for confirmation and
   * Mastodon cannot be asked.
   */
  async read(c: Context): Promise<LiveSession | undefined> {
    const id = getCookie(c, SESSION_COOKIE);
    if (!id || id.length > 100) return undefined;
    const now = this.#now();
    const idleSince = new Date(now.getTime() - this.#t.idleMs);
    let row = await findLiveSession(this.#o.sql, hash(id), now, idleSince);
    if (!row) return undefined;
    if (now.getTime() - row.roleCheckedAt.getTime() >= this.#t.roleCheckMs) {
      row = await this.#recheckOnce(row, now);
      if (!row) return undefined;
    }
    if (now.getTime() - row.lastSeenAt.getTime() >= this.#t.touchMs) {
      await touchSession(this.#o.sql, row.idHash, now);
      row = { ...row, lastSeenAt: now };
    }
    return {
      csrf: row.csrfToken,
      moderator: {
        id: row.accountId,
        acct: row.acct,
        role: row.role,
        expiresAt: row.expiresAt,
        idleExpiresAt: new Date(row.lastSeenAt.getTime() + this.#t.idleMs),
        roleCheckedAt: row.roleCheckedAt,
      },
    };
  }

  // Parallel requests of one session share one question to Mastodon.
  #recheckOnce(row: SessionRow, now: Date): Promise<SessionRow | undefined> {
    const running = this.#checks.get(row.idHash);
    if (running) return running;
    const p = this.#recheck(row, now).finally(() => this.#checks.delete(row.idHash));
    this.#checks.set(row.idHash, p);
    return p;
  }

  async #recheck(row: SessionRow, now: Date): Promise<SessionRow | undefined> {
    const token = this.#unseal(row.tokenSealed);
    try {
      const me = token === undefined ? undefined : await this.#o.login.whoAmI(token);
      if (me && me.id === row.accountId && canModerate(me.role.permissions)) {
        await markRoleChecked(this.#o.sql, row.idHash, now, me.role.name);
        return { ...row, roleCheckedAt: now, role: me.role.name };
      }
      log.warn("Session of @{acct} ended: Mastodon no longer grants it moderation", {
        acct: row.acct,
      });
      await this.#drop(row.idHash, me ? token : undefined);
      return undefined;
    } catch (err) {
      if (err instanceof TokenRejected) {
        log.warn("Session of @{acct} ended: its Mastodon token was refused", { acct: row.acct });
        await this.#drop(row.idHash, undefined);
        return undefined;
      }
      if (now.getTime() - row.roleCheckedAt.getTime() < this.#t.roleGraceMs) return row;
      log.error("Cannot confirm the role of @{acct}: {error}", {
        acct: row.acct,
        error: err instanceof Error ? err.message : String(err),
      });
      throw new HttpError(
        503,
        "Mastodon cannot confirm your moderator role right now; try again in a minute",
      );
    }
  }

  /** Ends the request's session: deletes it, revokes its Mastodon token, clears the cookie. */
  async end(c: Context): Promise<void> {
    const id = getCookie(c, SESSION_COOKIE);
    deleteCookie(c, SESSION_COOKIE, this.cookieOptions(0, c));
    if (!id || id.length > 100) return;
    const row = await deleteSession(this.#o.sql, hash(id));
    if (row) await this.#revoke(this.#unseal(row.tokenSealed), row.acct);
  }

  async #drop(idHash: string, tokenToRevoke: string | undefined) {
    const row = await deleteSession(this.#o.sql, idHash);
    if (row && tokenToRevoke) await this.#revoke(tokenToRevoke, row.acct);
  }

  async #revoke(token: string | undefined, acct: string) {
    if (!token) return;
    // The session is gone either way; a token Mastodon could not revoke now expires there.
    await this.#o.login.revoke(token).catch((err) =>
      log.warn("Could not revoke the Mastodon token of @{acct}: {error}", {
        acct,
        error: err instanceof Error ? err.message : String(err),
      })
    );
  }

  /** True when `token` is the session's CSRF token. */
  csrfValid(s: LiveSession, token: string | undefined): boolean {
    return token !== undefined && safeEqual(token, s.csrf);
  }

  /**
   * Cookie attributes: HttpOnly, SameSite=Lax (the OAuth callback arrives as a top-level
   * navigation from Mastodon), and Secure behind TLS: when UI_ORIGIN is https, or the request
   * came over https (directly or through a proxy saying so).
   */
  cookieOptions(maxAge: number, c?: Context) {
    const tls = c !== undefined &&
      (new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https");
    return {
      httpOnly: true,
      sameSite: "Lax" as const,
      secure: this.#o.secure || tls,
      path: "/",
      maxAge,
    };
  }

  // The moderator's token is sealed (AES-256-GCM) so the table alone does not hand it out.
  #seal(token: string): string {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  #unseal(sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      return undefined;
    }
  }
}
