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
    const speed = Number(env.DEVSERVER_ARRIVAL_SPEED ?? 60);
    let dev: RunningDevServer;
    try {
      dev = await startDevServer({
        port: Number(env.DEVSERVER_PORT ?? 3000),
        seed: Number(env.DEVSERVER_SEED ?? 42),
        webhookUrl: env.DEVSERVER_WEBHOOK_URL ?? `http://127.0.0.1:${port}/webhooks/mastodon`,
        webhookSecret: env.DEVSERVER_WEBHOOK_SECRET ?? env.WEBHOOK_SECRET ??
          DEV_DEFAULTS.WEBHOOK_SECRET,
        arrivals: "realtime",
        arrivalSpeed: speed,
        // Compressed arrivals must still carry past timestamps, as a real server's would.
        newBaseTime: (t) => realtimeBaseTime(t, speed),
        // The service's DATA_DIR (default ./data, as in config.ts).
        dataDir: join(env.DATA_DIR || "./data", "devserver"),
        reset: ["1", "true"].includes(env.DEVSERVER_RESET ?? ""),
      });
    } catch (err) {
      if (!(err instanceof WorldUnavailable)) throw err;
      console.error(err.message);
      Deno.exit(1);
    }
    Object.assign(env, { ...DEV_DEFAULTS, ...env, INSTANCE_BASE: dev.url });
    console.log(`Development Mastodon server on ${dev.url}`);
  }
  env.UI_ORIGIN ??= `http://localhost:${port}`;
  await main("dev", env);
}

if (import.meta.main) await dev();
