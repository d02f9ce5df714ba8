/** Bearer tokens, scopes, role permissions and per-token rate limits of the development server. */
import type { Context } from "hono";
import type { TokenInfo } from "../credentials.ts";
import { errors } from "./http.ts";
import type { DevState } from "../state.ts";

/** Hono environment of the development server's routes. */
export type Env = { Variables: { token: TokenInfo | null; sentToken: boolean } };

/** The bearer token of a request, or null. */
export function bearer(req: Request): string | null {
  const header = req.headers.get("authorization") ?? "";
  const match = header.match(/^Bearer\s+(.+)$/i);
  return match ? match[1].trim() : null;
}

/** Whether granted scopes cover a required one ("read" covers "read:statuses"). */
export function hasScope(granted: string[], required: string): boolean {
  return granted.some((g) => g === required || required.startsWith(`${g}:`));
}

/**
 * The token of the request, which must carry `scope` and whose account's role must hold
 * `permission` (a bit of the role's permissions); throws Mastodon's 401/403 otherwise.
 */
export function requireToken(
  c: Context<Env>,
  state: DevState,
  scope: string,
  permission?: number,
): TokenInfo {
  const token = c.get("token");
  if (!token) throw errors.invalidToken();
  if (!hasScope(token.scopes, scope)) throw errors.outsideScopes();
  if (permission !== undefined) {
    const role = state.accounts.get(token.accountId)?.admin.role;
    const bits = BigInt(role?.permissions ?? "0");
    const granted = (bits & 1n) === 1n || (bits & BigInt(permission)) === BigInt(permission);
    if (!granted) throw errors.notAllowed();
  }
  return token;
}

/**
 * For endpoints open to anonymous callers (Mastodon's authorize_if_got_token!): a token, when
 * sent, must be valid and carry one of the scopes.
 */
export function optionalToken(c: Context<Env>, ...scopes: string[]): TokenInfo | null {
  const token = c.get("token");
  if (c.get("sentToken") && !token) throw errors.invalidToken();
  if (token && !scopes.some((s) => hasScope(token.scopes, s))) throw errors.outsideScopes();
  return token;
}

/** Per-token budgets in fixed windows, like Mastodon's rack-attack throttles. */
export class RateLimiter {
  #windows = new Map<string, { end: number; count: number }>();

  constructor(public limit: number, public periodMs: number, private now: () => number) {}

  /** Counts one request for `key`; returns the header values and whether it is over budget. */
  hit(key: string): { headers: Record<string, string>; exceeded: boolean } {
    const t = this.now();
    const end = Math.floor(t / this.periodMs) * this.periodMs + this.periodMs;
    let w = this.#windows.get(key);
    if (!w || w.end !== end) {
      w = { end, count: 0 };
      this.#windows.set(key, w);
    }
    w.count++;
    return { headers: this.headers(w.end, w.count, t), exceeded: w.count > this.limit };
  }

  /** When the current window ends (its X-RateLimit-Reset). */
  windowEnd(): number {
    return Math.floor(this.now() / this.periodMs) * this.periodMs + this.periodMs;
  }

  /** Headers for a request refused by an injected 429 burst. */
  burst(): Record<string, string> {
    const t = this.now();
    const end = Math.floor(t / this.periodMs) * this.periodMs + this.periodMs;
    return this.headers(end, this.limit + 1, t);
  }

  private headers(end: number, count: number, t: number): Record<string, string> {
    return {
      "X-RateLimit-Limit": String(this.limit),
      "X-RateLimit-Remaining": String(Math.max(0, this.limit - count)),
      "X-RateLimit-Reset": resetTime(end, t),
    };
  }

  /** Forgets all windows. */
  clear() {
    this.#windows.clear();
  }
}

/** ISO 8601 with microseconds, as Mastodon renders X-RateLimit-Reset. */
export function resetTime(end: number, t: number): string {
  const micros = String((t % 1000) * 1000 + 480).padStart(6, "0");
  return new Date(end).toISOString().replace(/\.\d{3}Z$/, `.${micros}Z`);
}
