/**
 * The development Mastodon server: a Hono app that answers like Mastodon 4.6.4 for the endpoints
 * a moderation sidecar uses, over a seeded population that arrives over time.
 */
import { Hono } from "hono";
import { getLogger } from "@logtape/logtape";
import { accountRoutes } from "./api/accounts.ts";
import { defaultRules, instanceRoutes } from "./api/instance.ts";
import { reportRoutes } from "./api/reports.ts";
import { statusRoutes } from "./api/statuses.ts";
import type { Env } from "./api/auth.ts";
import type { Dev } from "./context.ts";
import { devRoutes } from "./api/dev_routes.ts";
import { Faults } from "./faults.ts";
import { ApiError, json } from "./api/http.ts";
import { requestMiddleware } from "./api/middleware.ts";
import { oauthRoutes } from "./api/oauth.ts";
import { budgetLimits, Budgets } from "./api/budgets.ts";
import { streamingRoutes } from "./api/streaming.ts";
import { StreamHub } from "./streams.ts";
import type { PopulationOptions } from "./population/generate.ts";
import { openSqliteStore } from "./sqlite_store.ts";
import { DevState } from "./state.ts";
import { Stats } from "./stats.ts";
import { ArrivalLog, timelineJson } from "./timeline.ts";
import { memoryStore } from "./store.ts";
import { WebhookQueue } from "./webhooks.ts";
import { type OpenedWorld, openWorld, populationOf, requestedWorld } from "./world.ts";

/** Options of createDevServer; every one has a default suited to tests. */
export interface DevServerOptions {
  /** Seed of the population and of fault decisions; default 42. */
  seed?: number;
  /** Passed to generatePopulation (base time, base URL, sizes). */
  population?: PopulationOptions;
  /**
   * The base time of a new world (first start, reset) from the clock at that moment; wins over
   * population.baseTime. A restart on a data directory keeps the stored base time.
   */
  newBaseTime?: (nowMs: number) => number;
  /**
   * Directory the world persists in (accounts, statuses, reports, tokens, pending webhooks),
   * so that a restart continues it; undefined (the default) keeps it in memory only.
   */
  dataDir?: string;
  /** Wipe the stored world and begin a new one (DEVSERVER_RESET=1). */
  reset?: boolean;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Delays between webhook attempts; length + 1 bounds the attempts. */
  webhookRetryDelaysMs?: number[];
  /** Used to deliver webhooks; default the global fetch. */
  webhookFetch?: typeof fetch;
  /** Wall clock for rate-limit windows, timestamps of new objects and realtime arrivals. */
  now?: () => number;
  /** "manual" (default): arrivals only on tick(); "realtime": they follow the clock. */
  arrivals?: "realtime" | "manual";
  /** In realtime mode, simulated ms per wall-clock ms; 60 makes an hour arrive in a minute. */
  arrivalSpeed?: number;
  /**
   * A new world's realtime arrivals begin this long after it is created (default 0), so that a
   * measurement can start its sidecar first; a continued world keeps its own start.
   */
  arrivalDelayMs?: number;
  /** Requests per token per window; default 300. */
  rateLimit?: number;
  /** Rate-limit window; default five minutes. */
  rateLimitPeriodMs?: number;
  /** Heartbeat comments on streaming connections; default 15 s, as Mastodon. */
  streamHeartbeatMs?: number;
  /** In realtime mode, how often arrivals and webhooks are pumped; default 250 ms. */
  pumpIntervalMs?: number;
}

/** The JSON answer of GET /_dev/stats. */
export type DevStats = ReturnType<Stats["toJSON"]> & {
  /** Reports the instance holds: they survive restarts, a reset empties them. */
  reports_received: number;
  arrivals: { elapsed_ms: number; pending: number; accounts: number; statuses: number };
  webhooks_pending: number;
  /** The per-token throttle and the most each token used of one of its windows. */
  rate_limits: { per_token: number; window_ms: number; peak_by_token: Record<string, number> };
};

/** What tick() made visible. */
export interface TickResult {
  elapsedMs: number;
  newAccounts: number;
  newStatuses: number;
  pending: number;
  nextArrivalMs: number | null;
}

/** A running development server (not yet listening; see startDevServer in main.ts). */
export interface DevServer {
  app: Hono<Env>;
  fetch: (req: Request) => Promise<Response>;
  /** The shared state and services (the state is replaced on reset). */
  readonly dev: Dev;
  /** Shorthand for dev.state. */
  readonly state: DevState;
  tick(untilMs?: number): TickResult;
  deliverWebhooks(): Promise<void>;
  stats(): DevStats;
  reset(): void;
  /** Stops the arrival pump and webhook deliveries and closes the store. */
  close(): void;
}

/**
 * Creates the development server's app and state; starts no listener. On a data directory it
 * continues the stored world, or refuses (WorldMismatch) one made with other parameters.
 */
export function createDevServer(opts: DevServerOptions = {}): DevServer {
  const seed = opts.seed ?? 42;
  const now = opts.now ?? (() => Date.now());
  const log = getLogger(["mastowatch", "devserver"]);
  const realtime = opts.arrivals === "realtime";
  const requested = () =>
    requestedWorld(
      seed,
      opts.population,
      opts.arrivalSpeed ?? 1,
      now() + (opts.arrivalDelayMs ?? 0),
      opts.newBaseTime,
    );
  const store = opts.dataDir ? openSqliteStore(opts.dataDir) : memoryStore;
  let world: OpenedWorld;
  try {
    world = openWorld(store, requested(), opts.reset);
  } catch (err) {
    store.close();
    throw err;
  }
  if (opts.dataDir) logWorld(world, store.location, opts.arrivalSpeed);
  const stats = new Stats();
  const webhooks = new WebhookQueue({
    url: opts.webhookUrl,
    secret: opts.webhookSecret,
    now,
    stats,
    retryDelaysMs: opts.webhookRetryDelaysMs,
    fetch: opts.webhookFetch,
    userAgent: `Mastodon/4.6.4 (http.rb/5.2.0; +${world.params.baseUrl}/)`,
    store,
  });
  webhooks.restore(world.stored?.webhooks ?? []);
  const dev: Dev = {
    state: new DevState(populationOf(world.params), store, world.stored),
    stats,
    faults: new Faults(seed),
    limiter: new Budgets(budgetLimits(opts.rateLimit, opts.rateLimitPeriodMs), now),
    webhooks,
    streams: new StreamHub(),
    now,
    base: world.params.baseUrl,
    rules: defaultRules(),
  };

  const arrivals = new ArrivalLog();
  const tick = (untilMs?: number): TickResult => {
    // The arrival clock runs from the world's first start, so what would have arrived while
    // the server was down arrives at once.
    const { firstStartedAt, arrivalSpeed } = world.params;
    const target = untilMs ??
      (realtime ? (now() - firstStartedAt) * arrivalSpeed : Number.MAX_SAFE_INTEGER);
    const batch = dev.state.transaction(() => {
      const arrived = dev.state.advance(target);
      // Mastodon sends account.created and status.created for local accounts only.
      for (const a of arrived.accounts) {
        if (a.admin.domain === null) dev.webhooks.enqueue("account.created", a.admin);
      }
      for (const s of arrived.statuses) {
        if (!s.account.acct.includes("@")) dev.webhooks.enqueue("status.created", s);
      }
      return arrived;
    });
    // Streamed after the commit, as Mastodon streams what it has stored.
    for (const s of batch.statuses) dev.streams.publish(s);
    arrivals.record(batch);
    return {
      elapsedMs: Math.min(dev.state.elapsedMs, Number.MAX_SAFE_INTEGER),
      newAccounts: batch.accounts.length,
      newStatuses: batch.statuses.length,
      pending: dev.state.pendingCount,
      nextArrivalMs: dev.state.nextArrivalMs,
    };
  };

  const statsJson = (): DevStats =>
    stats.toJSON({
      reports_received: dev.state.reports.length,
      arrivals: {
        elapsed_ms: dev.state.elapsedMs,
        pending: dev.state.pendingCount,
        accounts: dev.state.accounts.size,
        statuses: dev.state.statuses.size,
      },
      webhooks_pending: dev.webhooks.pending.length,
      rate_limits: {
        per_token: dev.limiter.limits.perToken,
        window_ms: dev.limiter.limits.periodMs,
        peak_by_token: { ...dev.limiter.peaks },
      },
    });

  const reset = () => {
    world = openWorld(store, requested(), true);
    const current = dev.state.population;
    const population = current.baseTime === world.params.baseTime
      ? current
      : populationOf(world.params);
    dev.webhooks.clear();
    dev.streams.clear();
    arrivals.clear();
    dev.state = new DevState(population, store, null);
    dev.faults.set({});
    dev.limiter.clear();
    stats.reset();
  };

  const app = new Hono<Env>();
  app.use("*", requestMiddleware(dev, () => realtime && tick()));
  app.route("/", instanceRoutes(dev));
  app.route("/", accountRoutes(dev));
  app.route("/", statusRoutes(dev));
  app.route("/", reportRoutes(dev));
  app.route("/", oauthRoutes(dev));
  app.route("/", streamingRoutes(dev, opts.streamHeartbeatMs));
  app.route(
    "/",
    devRoutes(dev, {
      tick,
      reset,
      stats: statsJson,
      timeline: () => timelineJson(arrivals, dev.webhooks.delivered, dev.state.accounts),
    }),
  );
  app.notFound((c) => json(c, { error: "Record not found" }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return json(c, { error: err.message }, err.status);
    log.error("Unhandled error answering {method} {path}: {error}", {
      method: c.req.method,
      path: c.req.path,
      error: String(err),
    });
    return json(c, { error: "Internal server error" }, 500);
  });

  let pump: ReturnType<typeof setInterval> | undefined;
  if (realtime) {
    pump = setInterval(() => {
      tick();
      dev.webhooks.deliver().catch((err) =>
        log.warn("Webhook pump failed: {error}", { error: String(err) })
      );
    }, opts.pumpIntervalMs ?? 250);
  }

  return {
    app,
    fetch: async (req) => await app.fetch(req),
    get dev() {
      return dev;
    },
    get state() {
      return dev.state;
    },
    tick,
    deliverWebhooks: () => dev.webhooks.deliver(),
    stats: statsJson,
    reset,
    close: () => {
      clearInterval(pump);
      dev.webhooks.stop();
      store.close();
    },
  };
}

function logWorld(world: OpenedWorld, location: string, givenSpeed: number | undefined) {
  const log = getLogger(["mastowatch", "devserver"]);
  const { params, stored } = world;
  const since = new Date(params.firstStartedAt).toISOString();
  if (!stored) {
    log.info("Began a new world in {location}", { location });
    return;
  }
  log.info("Continuing the world in {location}, first started {since}: {reports} reports", {
    location,
    since,
    reports: stored.reports.length,
  });
  if (givenSpeed !== undefined && givenSpeed !== params.arrivalSpeed) {
    log.warn(
      "Arrival speed {given} was given; the stored world keeps {speed} (DEVSERVER_RESET=1 to change it)",
      { given: givenSpeed, speed: params.arrivalSpeed },
    );
  }
}
