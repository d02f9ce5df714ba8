/** The Mastodon side of start-up: the client, its health check, and the start-up validation. */
import type { Config } from "../config.ts";
import type { HealthCheck } from "../context.ts";
import { createMastodon, type Mastodon } from "../mastodon/client.ts";
import { MastodonError } from "../mastodon/errors.ts";
import { checkMastodon } from "../mastodon/startup.ts";
import type { Sql } from "../db/connect.ts";
import { logger } from "../server/log.ts";
import { bindInstance } from "./instance.ts";

const log = logger("main");
const HEALTH_CACHE_MS = 15_000;
const RATE_LIMIT_INLINE_WAIT_MS = 5_000;
const RATE_LIMITED_RETRY_MS = 500;

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
    // The admin token often belongs to a person whose own tools spend the same budget.
    adminManners: { reserve: config.apiBudgetReserve, burst: 0.5, periodMs: 300_000 },
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

/** Who files our reports: from the reporter token, or learned from a report we filed. */
export interface Reporter {
  id?: string;
}

/**
 * Validates the instance before work starts: retries while Mastodon is unreachable, and throws
 * (the process then exits) when it is too old, a token is refused, or it is not the instance
 * this database serves.
 */
export async function validateMastodon(
  m: Mastodon,
  config: Config,
  sql: Sql,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<void> {
  let delay = 1000;
  for (;;) {
    try {
      const seen = config.skipStartupValidation
        ? await identify(m)
        : await checkMastodon(m, config.minMastodonVersion);
      const bound = await bindInstance(sql, {
        domain: seen.domain,
        baseUrl: config.instanceBase!,
        adminAccountId: seen.adminAccountId,
        reporterAccountId: seen.reporterAccountId,
      }, (id) => accountExists(m, id));
      reporter.id = bound.reporterAccountId ?? undefined;
      return;
    } catch (err) {
      const cause = err instanceof MastodonError
        ? err
        : err instanceof Error
        ? err.cause
        : undefined;
      const transient = cause instanceof MastodonError && cause.retryable;
      if (!transient || signal.aborted) throw err;
      // Rate limited: the client has waited for the announced reset already, so try again
      // soon; only an unreachable or failing server earns a growing pause.
      const limited = cause.code === "rate_limited";
      const wait = limited ? RATE_LIMITED_RETRY_MS : delay;
      log.warn("Mastodon not reachable yet, retrying in {delay} ms: {error}", {
        delay: wait,
        error: (err as Error).message,
      });
      await new Promise((r) => setTimeout(r, wait));
      if (!limited) delay = Math.min(delay * 2, 60_000);
    }
  }
}

/** The identity alone, without the version and permission checks (SKIP_STARTUP_VALIDATION). */
async function identify(m: Mastodon) {
  const instance = await m.instance();
  const admin = await m.verifyCredentials("admin");
  const reporterAccountId = (await m.verifyCredentials("reporter").catch(() => undefined))?.id;
  return { domain: instance.domain, adminAccountId: admin.id, reporterAccountId };
}

async function accountExists(m: Mastodon, id: string): Promise<boolean> {
  try {
    await m.adminAccount(id);
    return true;
  } catch (err) {
    if (err instanceof MastodonError && err.status === 404) return false;
    throw err;
  }
}
