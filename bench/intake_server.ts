/**
 * The server side of the webhook intake benchmark, run as its own process:
 * `deno run -A bench/intake_server.ts service|unstored|bare <kv dir>` prints its port and serves
 * until killed. `service` is the service's own HTTP stack (middleware, routes, logging at info)
 * with deliveries durably queued in a KV file; `unstored` is the same with the KV commit left out
 * (a diagnostic: what the durable write costs); `bare` only checks the HMAC and parses the JSON.
 */
import postgres from "postgres";
import { loadConfig } from "../config.ts";
import type { AppContext } from "../context.ts";
import { serviceRoutes } from "../boot/routes.ts";
import { Inbox } from "../intake/inbox.ts";
import type { Kv, KvAtomic } from "../kv/port.ts";
import { runStarter, workflowDeps } from "../boot/workflow.ts";
import { createMastodon } from "../mastodon/client.ts";
import { RuleCache } from "../rules/rule_cache.ts";
import { signatureCheck } from "../routes/webhook_signature.ts";
import { createApp } from "../server/app.ts";
import { setupLogging } from "../server/log.ts";
import { Metrics } from "../server/metrics.ts";

/** The webhook secret both servers check. */
export const BENCH_SECRET = "bench-webhook-secret";

function bare(): Deno.HttpServer {
  const signed = signatureCheck(BENCH_SECRET);
  return Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const raw = new Uint8Array(await req.arrayBuffer());
    if (!signed(raw, req.headers.get("x-hub-signature"))) {
      return new Response("bad signature", { status: 401 });
    }
    JSON.parse(new TextDecoder().decode(raw));
    return new Response(JSON.stringify({ status: "accepted" }), {
      status: 202,
      headers: { "content-type": "application/json" },
    });
  });
}

/**
 * A store whose atomic writes are built as usual and then dropped: the inbox does all its work
 * but the commit.
 */
function unstored(kv: Deno.Kv): Kv {
  const atomic = (): KvAtomic => {
    const op: KvAtomic = {
      check: () => op,
      set: () => op,
      delete: () => op,
      sum: () => op,
      min: () => op,
      max: () => op,
      mutate: () => op,
      enqueue: () => op,
      commit: () => Promise.resolve({ ok: true, versionstamp: "0" }),
    };
    return op;
  };
  return Object.assign(Object.create(kv), { atomic });
}

async function service(dir: string, store: "kv" | "none"): Promise<Deno.HttpServer> {
  const { config } = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    INSTANCE_BASE: "http://127.0.0.1:9",
    MASTODON_ADMIN_TOKEN: "bench-admin-token",
    API_KEY: "bench-api-key-0123456789",
    WEBHOOK_SECRET: BENCH_SECRET,
    LOG_LEVEL: "info",
  }, "production");
  await setupLogging(config.logLevel);
  await Deno.mkdir(dir, { recursive: true });
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  // Intake never queries Postgres; postgres.js connects only on a first query.
  const sql = postgres("postgres://bench@127.0.0.1:9/none", { max: 1 });
  const ctx: AppContext = {
    config,
    sql,
    kv,
    metrics: new Metrics(),
    clock: { now: () => new Date() },
    checks: [],
  };
  const mastodon = createMastodon({
    baseUrl: config.instanceBase!,
    adminToken: "bench-admin-token",
    userAgent: config.userAgent,
    timeoutMs: 1_000,
  });
  const reporter = {};
  const workflow = workflowDeps(ctx, mastodon, new RuleCache(sql), reporter);
  const app = createApp({
    metrics: ctx.metrics,
    maxBodyBytes: config.maxBodyBytes,
    routes: serviceRoutes({
      ctx,
      workflow,
      runs: runStarter(workflow),
      inbox: new Inbox(store === "kv" ? kv : unstored(kv)),
      rules: new RuleCache(sql),
    }),
  });
  return Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
}

if (import.meta.main) {
  const [mode, dir] = Deno.args;
  const server = mode === "bare"
    ? bare()
    : await service(dir ?? await Deno.makeTempDir(), mode === "unstored" ? "none" : "kv");
  // The parent reads the port from the first line of stderr; stdout carries the service's logs.
  console.error(`port ${(server.addr as Deno.NetAddr).port}`);
}
