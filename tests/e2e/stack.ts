/**
 * The whole stack for end-to-end tests: the development Mastodon server and the service, over
 * real HTTP, on a real database (a fresh one on TEST_DATABASE_URL, else PGlite in a temp dir).
 */
import postgres from "postgres";
import { DEV_DEFAULTS } from "../../dev.ts";
import { run, type Service } from "../../main.ts";
import { type RunningDevServer, startDevServer } from "../../devserver/main.ts";
import type { Job } from "../../intake/scheduler.ts";
import { countRunsByState } from "../../workflows/runs.ts";

/** The API key and webhook secret of the test stack. */
export const STACK_API_KEY = "e2e-api-key-0123456789";
export const STACK_WEBHOOK_SECRET = "e2e-webhook-secret";

/** A running stack. */
export interface Stack {
  dev: RunningDevServer;
  service: Service;
  jobs: Map<string, Job>;
  databaseUrl?: string;
  dataDir: string;
  /** Calls the service's JSON API with the API key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Runs a scheduled job now, e.g. "poll-remote-accounts". */
  runJob(name: string): Promise<void>;
  /** Waits until no run is in flight (queued, in a step, or waiting). */
  idle(timeoutMs?: number): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Options of a stack. */
export interface StackOptions {
  env?: Record<string, string>;
  rateLimit?: number;
  rateLimitPeriodMs?: number;
  seed?: number;
}

/** A port nothing listens on right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Creates a fresh database on the test server, or undefined to use PGlite. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const base = Deno.env.get("TEST_DATABASE_URL");
  if (!base) return undefined;
  const name = `mw_e2e_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Starts the development server and the service wired to each other. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const port = freePort();
  const dev = await startDevServer({
    port: 0,
    seed: opts.seed ?? 42,
    arrivals: "manual",
    rateLimit: opts.rateLimit ?? 1_000_000,
    rateLimitPeriodMs: opts.rateLimitPeriodMs,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/mastodon`,
    webhookSecret: STACK_WEBHOOK_SECRET,
    webhookRetryDelaysMs: [50, 100],
    // The population's hour ends now, so account ages and campaign windows read as live.
    population: { baseTime: Date.now() - 3_600_000 },
  });
  const db = await freshDatabase();
  const dataDir = await Deno.makeTempDir({ prefix: "mw-e2e-" });
  const jobs = new Map<string, Job>();
  const service = await run(
    {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: db?.url,
      INSTANCE_BASE: dev.url,
      MASTODON_ADMIN_TOKEN: DEV_DEFAULTS.MASTODON_ADMIN_TOKEN,
      MASTODON_REPORTER_TOKEN: DEV_DEFAULTS.MASTODON_REPORTER_TOKEN,
      API_KEY: STACK_API_KEY,
      WEBHOOK_SECRET: STACK_WEBHOOK_SECRET,
      UI_ORIGIN: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warning",
      ...opts.env,
    },
    "dev",
    { schedule: (list) => list.forEach((j) => jobs.set(j.name, j)) },
  );
  await service.ready;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}${path}`, {
      ...init,
      headers: { "x-api-key": STACK_API_KEY, ...(init.headers as Record<string, string>) },
    });
  return {
    dev,
    service,
    jobs,
    databaseUrl: db?.url,
    dataDir,
    api,
    runJob: async (name) => {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job ${name}`);
      await job.run();
    },
    idle: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      const busy = ["queued", "fetch_context", "score", "report", "notify", "audit", "waiting"];
      let calm = 0;
      while (Date.now() < deadline) {
        const counts = await countRunsByState({ kv: service.ctx.kv });
        const inFlight = busy.reduce((n, s) => n + (counts[s as keyof typeof counts] ?? 0), 0);
        calm = inFlight === 0 ? calm + 1 : 0;
        if (calm >= 3) return counts;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("runs still in flight after the timeout");
    },
    stop: async () => {
      await service.shutdown();
      await dev.shutdown();
      await db?.drop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}
