/** Entry point of `deno task devserver`, and startDevServer for in-process use by the service. */
import { configure, getConsoleSink, getLogger } from "@logtape/logtape";
import { createDevServer, type DevServer, type DevServerOptions } from "./app.ts";
import { WorldUnavailable } from "./world.ts";
import { type DevServerEnv, DevServerEnvError, readDevServerEnv, startOptions } from "./env.ts";

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

async function main() {
  await configure({
    sinks: { console: getConsoleSink() },
    loggers: [
      { category: ["mastowatch"], lowestLevel: "info", sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
  const log = getLogger(["mastowatch", "devserver"]);
  let running: RunningDevServer;
  let env: DevServerEnv;
  try {
    env = readDevServerEnv(Deno.env.toObject());
    const speed = env.DEVSERVER_ARRIVAL_SPEED;
    running = await startDevServer(startOptions(env, (t) => realtimeBaseTime(t, speed)));
  } catch (err) {
    if (!(err instanceof WorldUnavailable) && !(err instanceof DevServerEnvError)) throw err;
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
