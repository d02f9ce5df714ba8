/**
 * Throttles attempts per client address, e.g. failed authentication (wrong API keys, failed
 * logins): after `limit` within `windowMs`, the client is answered 429 with Retry-After until
 * the window passes. Kept in memory, per process: a guard against guessing, not an accounting.
 */
import type { Context } from "hono";
import { HttpError } from "./errors.ts";

/** Settings of a throttle; `now` is injectable for tests. */
export interface ThrottleOptions {
  limit?: number;
  windowMs?: number;
  /** Most client addresses remembered; the oldest are forgotten first. */
  maxClients?: number;
  now?: () => number;
}

/** Failures per client in fixed windows. */
export class FailureThrottle {
  readonly limit: number;
  readonly windowMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(o: ThrottleOptions = {}) {
    this.limit = o.limit ?? 10;
    this.windowMs = o.windowMs ?? 60_000;
    this.#maxClients = o.maxClients ?? 10_000;
    this.#now = o.now ?? Date.now;
  }

  #window(client: string) {
    const w = this.#windows.get(client);
    if (w && this.#now() - w.start < this.windowMs) return w;
    if (w) this.#windows.delete(client);
    return undefined;
  }

  /** Throws 429 when the client has failed too often in the current window. */
  assertAllowed(client: string): void {
    const w = this.#window(client);
    if (w && w.failures >= this.limit) {
      const seconds = Math.max(1, Math.ceil((w.start + this.windowMs - this.#now()) / 1000));
      throw new HttpError(
        429,
        `Too many failed attempts from this address; try again in ${seconds} s`,
        undefined,
        undefined,
        { "Retry-After": String(seconds) },
      );
    }
  }

  /** Counts an attempt (a failure, or a login begun); throws 429 when it is over the limit. */
  count(client: string): void {
    let w = this.#window(client);
    if (!w) {
      if (this.#windows.size >= this.#maxClients) {
        this.#windows.delete(this.#windows.keys().next().value!);
      }
      w = { start: this.#now(), failures: 0 };
      this.#windows.set(client, w);
    }
    w.failures++;
    if (w.failures > this.limit) this.assertAllowed(client);
  }
}

const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fc|fd|::ffff:127\.)/i;

/**
 * The client's address: the peer of the connection, or, when that peer is a local or private
 * address (a reverse proxy in front of us), the last hop it names in X-Forwarded-For. A client
 * cannot pick its own key by sending the header straight to us.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  const peer = env?.remoteAddr?.hostname ?? "unknown";
  if (peer !== "unknown" && !PRIVATE.test(peer)) return peer;
  const forwarded = c.req.header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(
    Boolean,
  );
  return forwarded?.at(-1) ?? peer;
}
