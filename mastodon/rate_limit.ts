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
 * How MastoWatch shares a window's budget with the people who use the same account: a reserve
 * it never spends, and a pace that lets part of the rest go at once and spreads the remainder
 * over the window, instead of spending it all in the first seconds of a wave.
 */
export interface BudgetManners {
  /** Share of each window never used (moderators' own tools and web sessions), 0–0.9. */
  reserve: number;
  /** Share of the usable budget that may go at once; the rest comes as the window runs. */
  burst: number;
  /** Length of the window; Mastodon's API windows are five minutes. */
  periodMs: number;
}

/** No reserve and no spreading: the whole budget at once (tests, the reporter token). */
export const GREEDY: BudgetManners = { reserve: 0, burst: 1, periodMs: 300_000 };

/**
 * How long to wait before the next call. `inFlight` calls are already sent and not yet counted
 * by Mastodon. Nothing while the call fits the pace; the time until the pace allows it when it
 * does not; the time to the reset once only the reserve is left; and, near the end of the usable
 * budget, the time to reset shared among the calls left. Never more than `maxWaitMs`.
 */
export function paceDelay(
  state: RateLimitState | undefined,
  now: number,
  maxWaitMs: number,
  manners: BudgetManners = GREEDY,
  inFlight = 0,
  /** False after a pause already waited out the spacing near the end of the budget. */
  spaced = true,
): number {
  if (!state?.reset || state.remaining === undefined) return 0;
  const untilReset = state.reset.getTime() - now;
  if (untilReset <= 0) return 0;
  const limit = state.limit ?? 300;
  const usable = Math.floor(limit * (1 - manners.reserve));
  const used = limit - state.remaining + inFlight;
  const left = usable - used;
  if (left <= 0) return Math.min(Math.ceil(untilReset), maxWaitMs);
  const elapsed = Math.min(1, Math.max(0, 1 - untilReset / manners.periodMs));
  const allowed = usable * (manners.burst + (1 - manners.burst) * elapsed);
  if (used + 1 > allowed) {
    // When the allowance, growing with the window, reaches one more call.
    const needed = ((used + 1) / usable - manners.burst) / (1 - manners.burst);
    const wait = (Math.min(1, needed) - elapsed) * manners.periodMs;
    return Math.min(Math.ceil(Math.max(0, wait)), untilReset, maxWaitMs);
  }
  if (!spaced || left > limit * SLOW_DOWN_SHARE) return 0;
  return Math.min(Math.ceil(untilReset / (left + 1)), maxWaitMs);
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
    const prev = this.#buckets.get(bucket);
    // Answers arrive out of order: within one window, the lowest remaining is the latest count.
    const sameWindow = prev?.reset && state.reset &&
      prev.reset.getTime() === state.reset.getTime();
    const kept = sameWindow && prev.remaining !== undefined && state.remaining !== undefined &&
        prev.remaining < state.remaining
      ? { ...state, remaining: prev.remaining }
      : state;
    this.#buckets.set(bucket, kept);
    this.#last = kept;
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
