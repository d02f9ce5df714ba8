/**
 * `deno task dev`: the service on embedded defaults. Unless INSTANCE_BASE names a real server,
 * it first starts the development Mastodon server (seeded with ordinary users and spam waves)
 * and points the service at it, with the development credentials. The development server keeps
 * its world in `devserver/` under the service's data directory, so a restart continues it.
 */
import { join } from "node:path";
import { main } from "./main.ts";
import { realtimeBaseTime, type RunningDevServer, startDevServer } from "./devserver/main.ts";
import { WorldUnavailable } from "./devserver/world.ts";
import { DevServerEnvError, readDevServerEnv, startOptions } from "./devserver/env.ts";

/** The development server's fixed credentials and the service's matching dev secrets. */
export const DEV_DEFAULTS = {
  MASTODON_ADMIN_TOKEN: "dev-admin-token",
  MASTODON_REPORTER_TOKEN: "dev-reporter-token",
  API_KEY: "dev-api-key-0123456789",
  WEBHOOK_SECRET: "dev-webhook-secret",
  OAUTH_CLIENT_ID: "dev-client",
  OAUTH_CLIENT_SECRET: "dev-secret",
  SESSION_SECRET: "dev-session-secret-not-for-production-use",
};

/** Starts the development server unless INSTANCE_BASE is set, then the service against it. */
async function dev(): Promise<void> {
  const env = Deno.env.toObject();
  const port = env.PORT ?? "8080";
  if (!env.INSTANCE_BASE) {
    let dev: RunningDevServer;
    try {
      const settings = readDevServerEnv(env);
      const speed = settings.DEVSERVER_ARRIVAL_SPEED;
      // The service's DATA_DIR (default ./data, as in config.ts).
      const dataDir = env.DATA_DIR || "./data";
      if (settings.DEVSERVER_RESET) await resetServiceData(env, dataDir);
      dev = await startDevServer({
        ...startOptions(settings, (t) => realtimeBaseTime(t, speed)),
        webhookUrl: settings.DEVSERVER_WEBHOOK_URL ?? `http://127.0.0.1:${port}/webhooks/mastodon`,
        webhookSecret: settings.DEVSERVER_WEBHOOK_SECRET ?? env.WEBHOOK_SECRET ??
          DEV_DEFAULTS.WEBHOOK_SECRET,
        dataDir: join(dataDir, "devserver"),
      });
    } catch (err) {
      if (!(err instanceof WorldUnavailable) && !(err instanceof DevServerEnvError)) throw err;
      console.error(err.message);
      Deno.exit(1);
    }
    Object.assign(env, { ...DEV_DEFAULTS, ...env, INSTANCE_BASE: dev.url });
    console.log(`Development Mastodon server on ${dev.url}`);
  }
  env.UI_ORIGIN ??= `http://localhost:${port}`;
  await main("dev", env);
}

/**
 * A fresh development instance needs a fresh service beside it: the service refuses a database
 * that served another instance. The embedded stores go with the reset; a DATABASE_URL is the
 * operator's, never wiped here.
 */
async function resetServiceData(env: Record<string, string>, dataDir: string): Promise<void> {
  if (env.DATABASE_URL) {
    console.warn(
      "DEVSERVER_RESET=1 starts a new development instance; the database at DATABASE_URL served " +
        "the old one, so the service will refuse it until it is emptied.",
    );
    return;
  }
  const kv = env.KV_PATH ? [] : ["kv.sqlite3", "kv.sqlite3-wal", "kv.sqlite3-shm"];
  for (const name of ["pg", ...kv]) {
    await Deno.remove(join(dataDir, name), { recursive: true }).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }
  console.log(`DEVSERVER_RESET=1: the service's embedded data in ${dataDir} starts afresh too`);
}

if (import.meta.main) await dev();
