/** Wires the service: config → context → HTTP server, schedules, queue listener. */
import { ConfigError, loadConfig, type Mode, publicConfig } from "./config.ts";
import { assertFooterCredit } from "./components/render.ts";
import type { AppContext } from "./context.ts";
import { systemClock } from "./context.ts";
import { openDatabase } from "./db/connect.ts";
import { migrateWhenReady } from "./db/ready.ts";
import { openKv } from "./kv/open.ts";
import { healthRoutes } from "./routes/health.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { homeRoutes } from "./routes/ui/home.tsx";
import { createApp } from "./server/app.ts";
import { logger, setupLogging } from "./server/log.ts";
import { Metrics } from "./server/metrics.ts";

/** A running service and how to stop it. */
export interface Service {
  url: string;
  ctx: AppContext;
  ready: Promise<void>;
  shutdown(): Promise<void>;
}

/** Starts the service from an environment; throws ConfigError on bad settings. */
export async function run(env: Record<string, string | undefined>, mode: Mode): Promise<Service> {
  const { config, warnings } = loadConfig(env, mode);
  await setupLogging(config.logLevel);
  const log = logger("main");
  for (const w of warnings) log.warn(w);
  assertFooterCredit();

  const kv = await openKv(config.kvPath);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pg` });
  const metrics = new Metrics();
  const ctx: AppContext = {
    config,
    sql: db.sql,
    kv,
    metrics,
    clock: systemClock,
    checks: [
      { name: "postgres", check: async () => void await db.sql`SELECT 1` },
      { name: "kv", check: async () => void await kv.get(["health"]) },
    ],
  };

  const app = createApp({
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    routes: [healthRoutes(ctx.checks), metricsRoutes(metrics), homeRoutes(ctx)],
  });
  const server = Deno.serve(
    { port: config.port, hostname: config.host, onListen: () => {} },
    app.fetch,
  );
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${server.addr.port}`;
  log.info("MastoWatch {version} listening on {url}", {
    version: config.version,
    url,
    config: publicConfig(config),
  });

  const stopping = new AbortController();
  const ready = migrateWhenReady(db.sql, { signal: stopping.signal }).then(() => {
    log.info("Database ready");
  });

  return {
    url,
    ctx,
    ready,
    shutdown: async () => {
      stopping.abort();
      await server.shutdown();
      await ready.catch(() => {});
      await db.close();
      kv.close();
      log.info("MastoWatch stopped");
    },
  };
}

/** Runs until SIGINT/SIGTERM; exits non-zero on bad configuration. */
export async function main(mode: Mode, env = Deno.env.toObject()): Promise<void> {
  let service: Service;
  try {
    service = await run(env, mode);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      Deno.exit(1);
    }
    throw err;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service.shutdown();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}

if (import.meta.main) await main(Deno.args.includes("--dev") ? "dev" : "production");
