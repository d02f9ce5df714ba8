/** The Mastodon side of start-up: the client, its health check, and the start-up validation. */
import type { Config } from "../config.ts";
import type { HealthCheck } from "../context.ts";
import { createMastodon, type Mastodon } from "../mastodon/client.ts";
import { MastodonError } from "../mastodon/errors.ts";
import { checkMastodon } from "../mastodon/startup.ts";
import { logger } from "../server/log.ts";

const log = logger("main");
const HEALTH_CACHE_MS = 15_000;
const RATE_LIMIT_INLINE_WAIT_MS = 5_000;

/** Creates the client when the instance and token are configured. */
export function mastodonFrom(config: Config): Mastodon | undefined {
  if (!config.instanceBase || !config.secrets.adminToken) return undefined;
  return createMastodon({
    baseUrl: config.instanceBase,
    adminToken: config.secrets.adminToken,
    reporterToken: config.secrets.reporterToken,
    userAgent: config.userAgent,
    timeoutMs: config.httpTimeoutMs,
    // A step waits for the rate limit at most this long in its worker slot; a longer wait goes
    // back to the queue (the run is throttled), so report steps are not stuck behind fetches.
    maxWaitMs: RATE_LIMIT_INLINE_WAIT_MS,
  });
}

/** A /healthz check of the instance, cached briefly so probes do not spend the API budget. */
export function mastodonHealth(m: Mastodon): HealthCheck {
  let last: { at: number; error?: Error } | undefined;
  return {
    name: "mastodon",
    check: async () => {
      if (!last || Date.now() - last.at > HEALTH_CACHE_MS) {
        try {
          await m.instance();
          last = { at: Date.now() };
        } catch (err) {
          last = { at: Date.now(), error: err instanceof Error ? err : new Error(String(err)) };
        }
      }
      if (last.error) throw last.error;
    },
  };
}

/** Who files our reports, learned at start-up (used to ignore our own report webhooks). */
export interface Reporter {
  id?: string;
}

/**
 * Validates the instance before work starts: retries while Mastodon is unreachable, and throws
 * (the process then exits) when it is too old or a token is refused.
 */
export async function validateMastodon(
  m: Mastodon,
  config: Config,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<void> {
  if (config.skipStartupValidation) {
    reporter.id = (await m.verifyCredentials("reporter").catch(() => undefined))?.id;
    return;
  }
  for (let delay = 1000;; delay = Math.min(delay * 2, 60_000)) {
    try {
      const r = await checkMastodon(m, config.minMastodonVersion);
      reporter.id = r.reporterAccountId;
      return;
    } catch (err) {
      const cause = err instanceof Error ? err.cause : undefined;
      const transient = cause instanceof MastodonError && cause.retryable;
      if (!transient || signal.aborted) throw err;
      log.warn("Mastodon not reachable yet, retrying in {delay} ms: {error}", {
        delay,
        error: (err as Error).message,
      });
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
