/** Tracks Mastodon's `X-RateLimit-*` budget and decides how long to pause before the next call. */

/** The last budget Mastodon announced. */
export interface RateLimitState {
  limit?: number;
  remaining?: number;
  reset?: Date;
}

/** Below this share of the budget, calls are spread out until the reset. */
export const SLOW_DOWN_SHARE = 0.1;

/** Reads the rate-limit headers; `X-RateLimit-Reset` is ISO 8601 (with microseconds) in Mastodon. */
export function parseRateLimit(headers: Headers): RateLimitState | undefined {
  const limit = toInt(headers.get("x-ratelimit-limit"));
  const remaining = toInt(headers.get("x-ratelimit-remaining"));
  const reset = toDate(headers.get("x-ratelimit-reset"));
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return { limit, remaining, reset };
}

function toInt(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

function toDate(value: string | null): Date | undefined {
  if (!value) return undefined;
  // Some servers (and old Mastodon forks) send epoch seconds instead of ISO 8601.
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/**
 * How long to wait before the next call so the budget lasts until the reset: nothing while more
 * than SLOW_DOWN_SHARE of the budget is left, then the time to reset shared among the calls left,
 * and the whole time to reset when none are left. Never more than `maxWaitMs`.
 */
export function paceDelay(
  state: RateLimitState | undefined,
  now: number,
  maxWaitMs: number,
): number {
  if (!state?.reset || state.remaining === undefined) return 0;
  const untilReset = state.reset.getTime() - now;
  if (untilReset <= 0) return 0;
  const limit = state.limit ?? 300;
  if (state.remaining > limit * SLOW_DOWN_SHARE) return 0;
  const wait = state.remaining <= 0 ? untilReset : untilReset / (state.remaining + 1);
  return Math.min(Math.ceil(wait), maxWaitMs);
}

/**
 * Budgets per bucket: Mastodon counts each token separately, and requests with
 * `max_id`/`min_id`/`since_id` against a separate, smaller limit.
 */
export class RateLimitTracker {
  #buckets = new Map<string, RateLimitState>();
  #last: RateLimitState = {};

  /** Remembers the budget a response announced for its bucket. */
  record(bucket: string, state: RateLimitState | undefined): void {
    if (!state) return;
    this.#buckets.set(bucket, state);
    this.#last = state;
  }

  /** The budget last announced for a bucket. */
  get(bucket: string): RateLimitState | undefined {
    return this.#buckets.get(bucket);
  }

  /** The budget the most recent response announced, whatever its bucket. */
  last(): RateLimitState {
    return { ...this.#last };
  }
}
