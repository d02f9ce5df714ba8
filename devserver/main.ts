/** Entry point of `deno task devserver`, and startDevServer for in-process use by the service. */
import { configure, getConsoleSink, getLogger } from "@logtape/logtape";
import { z } from "zod";
import { createDevServer, type DevServer, type DevServerOptions } from "./app.ts";
import { WorldUnavailable } from "./world.ts";

/** Options of startDevServer: the server's own plus where to listen. */
export interface StartOptions extends DevServerOptions {
  /** Port to listen on; 0 picks a free one. Default 3000. */
  port?: number;
  hostname?: string;
}

/** A listening development server. */
export interface RunningDevServer {
  /** Origin it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  server: DevServer;
  shutdown(): Promise<void>;
}

/**
 * Starts the development server with Deno.serve. Entity URLs use the listening origin unless
 * `population.baseUrl` says otherwise.
 */
export async function startDevServer(opts: StartOptions = {}): Promise<RunningDevServer> {
  const log = getLogger(["mastowatch", "devserver"]);
  const hostname = opts.hostname ?? "127.0.0.1";
  const port = opts.port ?? 3000;
  // The population's URLs need the port, which port 0 only reveals after listening.
  const listener = Deno.listen({ hostname, port });
  const addr = listener.addr as Deno.NetAddr;
  listener.close();
  const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${addr.port}`;
  const server = createDevServer({
    ...opts,
    population: { baseUrl: url, ...opts.population },
  });
  const ac = new AbortController();
  const http = Deno.serve({
    hostname,
    port: addr.port,
    signal: ac.signal,
    onListen: () => log.info("Development Mastodon server listening on {url}", { url }),
  }, server.fetch);
  await Promise.resolve();
  return {
    url,
    server,
    shutdown: async () => {
      // Requests in flight finish (and commit) before the store closes.
      ac.abort();
      await http.finished;
      server.close();
    },
  };
}

/**
 * The base time for realtime arrivals at `speed`: early enough that no object arriving during
 * the window carries a timestamp in the future, while the last arrivals are as fresh as a
 * sidecar would see them (at speed 1 this is simply `nowMs`).
 */
export function realtimeBaseTime(nowMs: number, speed: number, windowMs = 3_600_000): number {
  return Math.floor((nowMs - windowMs * (1 - 1 / speed)) / 1000) * 1000;
}

const envSchema = z.object({
  DEVSERVER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DEVSERVER_HOST: z.string().min(1).default("127.0.0.1"),
  DEVSERVER_SEED: z.coerce.number().int().default(42),
  DEVSERVER_WEBHOOK_URL: z.url().optional(),
  DEVSERVER_WEBHOOK_SECRET: z.string().optional(),
  DEVSERVER_ARRIVAL_SPEED: z.coerce.number().positive().default(60),
  DEVSERVER_BASE_TIME: z.iso.datetime().optional(),
  DEVSERVER_RATE_LIMIT: z.coerce.number().int().positive().default(300),
  DEVSERVER_HARD_CASES: z.enum(["true", "false", "1", "0"]).default("false")
    .transform((v) => v === "true" || v === "1"),
  DEVSERVER_DATA_DIR: z.string().min(1).default("./data/devserver"),
  DEVSERVER_RESET: z.enum(["true", "false", "1", "0", ""]).default("false")
    .transform((v) => v === "true" || v === "1"),
});

async function main() {
  await configure({
    sinks: { console: getConsoleSink() },
    loggers: [
      { category: ["mastowatch"], lowestLevel: "info", sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
  const log = getLogger(["mastowatch", "devserver"]);
  const env = envSchema.parse(Deno.env.toObject());
  const windowMs = 3_600_000;
  const speed = env.DEVSERVER_ARRIVAL_SPEED;
  const baseTime = env.DEVSERVER_BASE_TIME ? Date.parse(env.DEVSERVER_BASE_TIME) : undefined;
  let running: RunningDevServer;
  try {
    running = await startDevServer({
      port: env.DEVSERVER_PORT,
      hostname: env.DEVSERVER_HOST,
      seed: env.DEVSERVER_SEED,
      webhookUrl: env.DEVSERVER_WEBHOOK_URL,
      webhookSecret: env.DEVSERVER_WEBHOOK_SECRET,
      arrivals: "realtime",
      arrivalSpeed: env.DEVSERVER_ARRIVAL_SPEED,
      rateLimit: env.DEVSERVER_RATE_LIMIT,
      population: { baseTime, windowMs, hardCases: env.DEVSERVER_HARD_CASES },
      // A new world's timestamps are all in the past, as on a real server.
      newBaseTime: baseTime === undefined ? (t) => realtimeBaseTime(t, speed, windowMs) : undefined,
      dataDir: env.DEVSERVER_DATA_DIR,
      reset: env.DEVSERVER_RESET,
    });
  } catch (err) {
    if (!(err instanceof WorldUnavailable)) throw err;
    log.error("{message}", { message: err.message });
    Deno.exit(1);
  }
  log.info("Seed {seed}, arrival speed {speed}x, webhooks to {webhook}", {
    seed: env.DEVSERVER_SEED,
    speed: env.DEVSERVER_ARRIVAL_SPEED,
    webhook: env.DEVSERVER_WEBHOOK_URL ?? "(none)",
  });
  let stopping = false;
  const stop = async () => {
    // A task runner may forward the same signal twice; shut down once.
    if (stopping) return;
    stopping = true;
    log.info("Shutting down the development Mastodon server");
    await running.shutdown();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}

if (import.meta.main) await main();
