/**
 * Mastodon's API throttles (its config/initializers/rack_attack.rb), as the development server
 * keeps them: per token (300 per 5 minutes), per user across all of that user's tokens (1,500 per
 * 5 minutes) and per user for paged requests, those with min_id, max_id, since_id or page (300
 * per 15 minutes). Each is a fixed window; the headers describe the one nearest its limit, and
 * a request over any of them is refused with 429.
 */
import { RateLimiter } from "./auth.ts";

/** The limits of the three throttles. */
export interface BudgetLimits {
  perToken: number;
  perUser: number;
  paged: number;
  periodMs: number;
  pagedPeriodMs: number;
}

/** Mastodon's defaults, or ones scaled from a per-token limit (tests raise it). */
export function budgetLimits(perToken = 300, periodMs = 300_000): BudgetLimits {
  return {
    perToken,
    perUser: Math.max(1_500, perToken * 5),
    paged: Math.max(300, perToken),
    periodMs,
    pagedPeriodMs: periodMs * 3,
  };
}

const PAGED = ["min_id", "max_id", "since_id", "page"];

/** True for a request Mastodon counts against the paged throttle. */
export function isPaged(url: URL): boolean {
  return PAGED.some((p) => url.searchParams.has(p));
}

/** The three throttles together. */
export class Budgets {
  readonly token: RateLimiter;
  readonly user: RateLimiter;
  readonly paged: RateLimiter;
  /** The most requests each token (by name) made in one per-token window. */
  readonly peaks: Record<string, number> = {};

  constructor(readonly limits: BudgetLimits, now: () => number) {
    this.token = new RateLimiter(limits.perToken, limits.periodMs, now);
    this.user = new RateLimiter(limits.perUser, limits.periodMs, now);
    this.paged = new RateLimiter(limits.paged, limits.pagedPeriodMs, now);
  }

  /**
   * Counts one request; `user` is the token's account (anonymous requests count by token key
   * alone). The headers are those of the throttle with the fewest requests left.
   */
  hit(tokenKey: string, user: string | undefined, paged: boolean, tokenName = "anonymous") {
    const hits = [this.token.hit(`token:${tokenKey}`)];
    const used = this.token.limit - Number(hits[0].headers["X-RateLimit-Remaining"]);
    this.peaks[tokenName] = Math.max(this.peaks[tokenName] ?? 0, used);
    if (user) hits.push(this.user.hit(`user:${user}`));
    if (user && paged) hits.push(this.paged.hit(`paged:${user}`));
    const tightest = hits.reduce((a, b) =>
      Number(b.headers["X-RateLimit-Remaining"]) < Number(a.headers["X-RateLimit-Remaining"])
        ? b
        : a
    );
    return { headers: tightest.headers, exceeded: hits.some((h) => h.exceeded) };
  }

  /** When the per-token window ends (what a 429 burst announces). */
  windowEnd(): number {
    return this.token.windowEnd();
  }

  /** Headers for a request refused by an injected 429 burst. */
  burst(): Record<string, string> {
    return this.token.burst();
  }

  /** Forgets every window (reset). */
  clear() {
    for (const k of Object.keys(this.peaks)) delete this.peaks[k];
    this.token.clear();
    this.user.clear();
    this.paged.clear();
  }
}
