/**
 * The development Mastodon server: a Hono app that answers like Mastodon 4.6.4 for the endpoints
 * a moderation sidecar uses, over a seeded population that arrives over time.
 */
import { Hono } from "hono";
import { matchedRoutes, routePath } from "hono/route";
import { getLogger } from "@logtape/logtape";
import { accountRoutes } from "./api/accounts.ts";
import { defaultRules, instanceRoutes } from "./api/instance.ts";
import { reportRoutes } from "./api/reports.ts";
import { statusRoutes } from "./api/statuses.ts";
import { bearer, type Env, fixedTokens, RateLimiter } from "./api/auth.ts";
import type { Dev } from "./context.ts";
import { devRoutes } from "./api/dev_routes.ts";
import { Faults } from "./faults.ts";
import { faultMiddleware } from "./api/fault_middleware.ts";
import { ApiError, json } from "./api/http.ts";
import { oauthRoutes } from "./api/oauth.ts";
import { generatePopulation, type PopulationOptions } from "./population/generate.ts";
import { Rng } from "./random.ts";
import { DevState } from "./state.ts";
import { Stats } from "./stats.ts";
import { WebhookQueue } from "./webhooks.ts";

/** Options of createDevServer; every one has a default suited to tests. */
export interface DevServerOptions {
  /** Seed of the population and of fault decisions; default 42. */
  seed?: number;
  /** Passed to generatePopulation (base time, base URL, sizes). */
  population?: PopulationOptions;
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
  /** Requests per token per window; default 300. */
  rateLimit?: number;
  /** Rate-limit window; default five minutes. */
  rateLimitPeriodMs?: number;
  /** In realtime mode, how often arrivals and webhooks are pumped; default 250 ms. */
  pumpIntervalMs?: number;
}

/** The JSON answer of GET /_dev/stats. */
export type DevStats = ReturnType<Stats["toJSON"]> & {
  arrivals: { elapsed_ms: number; pending: number; accounts: number; statuses: number };
  webhooks_pending: number;
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
  close(): void;
}

/** Creates the development server's app and state; starts no listener. */
export function createDevServer(opts: DevServerOptions = {}): DevServer {
  const seed = opts.seed ?? 42;
  const now = opts.now ?? (() => Date.now());
  const log = getLogger(["mastowatch", "devserver"]);
  const population = generatePopulation(seed, opts.population);
  const stats = new Stats();
  const secrets = new Rng(seed).fork("secrets");
  const state = new DevState(population);
  const dev: Dev = {
    state,
    tokens: fixedTokens(state),
    stats,
    faults: new Faults(seed),
    limiter: new RateLimiter(opts.rateLimit ?? 300, opts.rateLimitPeriodMs ?? 300_000, now),
    webhooks: new WebhookQueue({
      url: opts.webhookUrl,
      secret: opts.webhookSecret,
      now,
      stats,
      retryDelaysMs: opts.webhookRetryDelaysMs,
      fetch: opts.webhookFetch,
      userAgent: `Mastodon/4.6.4 (http.rb/5.2.0; +${population.baseUrl}/)`,
    }),
    now,
    base: population.baseUrl,
    rules: defaultRules(),
    oauthCodes: new Map(),
    newSecret: () =>
      secrets.token(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
  };
  const realtime = opts.arrivals === "realtime";
  const speed = opts.arrivalSpeed ?? 1;
  let startedAt = now();

  const tick = (untilMs?: number): TickResult => {
    const target = untilMs ?? (realtime ? (now() - startedAt) * speed : Number.MAX_SAFE_INTEGER);
    const batch = dev.state.advance(target);
    // Mastodon sends account.created and status.created for local accounts only.
    for (const a of batch.accounts) {
      if (a.admin.domain === null) dev.webhooks.enqueue("account.created", a.admin);
    }
    for (const s of batch.statuses) {
      if (!s.account.acct.includes("@")) dev.webhooks.enqueue("status.created", s);
    }
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
      arrivals: {
        elapsed_ms: dev.state.elapsedMs,
        pending: dev.state.pendingCount,
        accounts: dev.state.accounts.size,
        statuses: dev.state.statuses.size,
      },
      webhooks_pending: dev.webhooks.pending.length,
    });

  const reset = () => {
    dev.state = new DevState(population);
    dev.tokens = fixedTokens(dev.state);
    dev.oauthCodes.clear();
    dev.faults.set({});
    dev.limiter.clear();
    dev.webhooks.clear();
    stats.reset();
    startedAt = now();
  };

  const app = new Hono<Env>();
  app.use("*", async (c, next) => {
    const path = c.req.path;
    if (realtime) tick();
    const raw = bearer(c.req.raw);
    const token = raw ? dev.tokens.get(raw) ?? null : null;
    c.set("token", token);
    c.set("sentToken", raw !== null);
    if (!path.startsWith("/api/")) return await next();
    const tokenName = token?.name ?? (raw ? "invalid" : "anonymous");
    const requestId = crypto.randomUUID();
    const started = performance.now();
    const limit = dev.limiter.hit(raw ?? "anonymous");
    try {
      if (limit.exceeded) {
        c.res = json(c, { error: "Too many requests" }, 429);
        return;
      }
      await faultMiddleware(dev, c, next);
    } finally {
      // After the handler ran, routePath names the route that answered.
      const handled = routePath(c);
      const template = (handled !== "*"
        ? handled
        : matchedRoutes(c).find((r) =>
          r.path !== "*"
        )?.path ?? "(unmatched)").replace(/(.)\/$/, "$1");
      for (const [k, v] of Object.entries(limit.headers)) {
        c.res.headers.set(k, v);
      }
      c.res.headers.set("X-Request-Id", requestId);
      stats.request(c.req.method, template, tokenName, c.res.status);
      // The token's name only: the token itself never reaches a log line.
      log.debug("{method} {route} {status} for {token} in {ms} ms", {
        requestId,
        method: c.req.method,
        route: template,
        status: c.res.status,
        token: tokenName,
        ms: Math.round(performance.now() - started),
      });
    }
  });
  app.route("/", instanceRoutes(dev));
  app.route("/", accountRoutes(dev));
  app.route("/", statusRoutes(dev));
  app.route("/", reportRoutes(dev));
  app.route("/", oauthRoutes(dev));
  app.route("/", devRoutes(dev, { tick, reset, stats: statsJson }));
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
    close: () => clearInterval(pump),
  };
}
