/** Wires the service: config → context → HTTP server, schedules, queue listener. */
import { ConfigError, loadConfig, type Mode, publicConfig } from "./config.ts";
import { assertFooterCredit } from "./components/render.ts";
import { type AppContext, systemClock } from "./context.ts";
import { openDatabase } from "./db/connect.ts";
import { surviveWriteAfterClose } from "./db/driver_guard.ts";
import { migrateWhenReady } from "./db/ready.ts";
import { openStore } from "./kv/open.ts";
import { mastodonFrom, mastodonHealth, type Reporter, validateMastodon } from "./boot/mastodon.ts";
import { serviceRoutes } from "./boot/routes.ts";
import { serviceJobs } from "./boot/schedules.ts";
import { runStarter, workflowDeps } from "./boot/workflow.ts";
import { resumeRescans } from "./intake/rescan.ts";
import { drainInbox, Inbox, resumeInbox } from "./intake/inbox.ts";
import { profileComparer } from "./intake/profile_recheck.ts";
import { webhookHandler } from "./intake/webhook_events.ts";
import { type FollowedStream, followRemoteStream } from "./intake/streaming.ts";
import { streamIntake } from "./intake/stream_intake.ts";
import { type Job, JobBoard, onceAcrossProcesses, startSchedules } from "./intake/scheduler.ts";
import { RuleCache } from "./rules/rule_cache.ts";
import { EvaluatorPool } from "./rules/offthread/pool.ts";
import { installStarterPack } from "./rules/starter_pack.ts";
import { createApp } from "./server/app.ts";
import { flushLogs, logger, setupLogging } from "./server/log.ts";
import { Metrics } from "./server/metrics.ts";
import { startWorker, type Worker } from "./workflows/worker.ts";
import { resumeInFlight } from "./workflows/runs.ts";
import { flushOutbox } from "./workflows/audit_outbox.ts";

/** A running service and how to stop it. */
export interface Service {
  url: string;
  ctx: AppContext;
  /** Settles when the database is migrated and, with a Mastodon configured, work has started. */
  ready: Promise<void>;
  shutdown(): Promise<void>;
}

/** How the service runs its schedules; tests take the jobs and run them by hand. */
export interface RunOptions {
  schedule?: (jobs: Job[], signal: AbortSignal) => void;
}

/** Starts the service from an environment; throws ConfigError on bad settings. */
export async function run(
  env: Record<string, string | undefined>,
  mode: Mode,
  opts: RunOptions = {},
): Promise<Service> {
  const { config, warnings } = loadConfig(env, mode);
  await setupLogging(config.logLevel);
  const log = logger("main");
  for (const w of warnings) log.warn(w);
  assertFooterCredit();

  const unguard = surviveWriteAfterClose((err) =>
    log.warning("A write on a closed database connection was dropped: {error}", {
      error: err.message,
    })
  );
  const db = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pg` });
  // QUEUE=kv: Deno KV, one process; QUEUE=postgres: the same state and queue on `db`, N processes.
  const store = await openStore(config, db.sql);
  const kv = store.kv;
  const ctx: AppContext = {
    config,
    sql: db.sql,
    kv,
    metrics: new Metrics(),
    clock: systemClock,
    checks: [
      { name: "postgres", check: async () => void await db.sql`SELECT 1` },
      { name: "kv", check: () => store.check() },
    ],
  };
  // Ready only once migrations are applied and Mastodon is checked: until then a load balancer
  // or a compose health check must not count the service as up.
  let started = false;
  ctx.checks.push({
    name: "startup",
    check: () => {
      if (!started) throw new Error("starting: migrations and Mastodon checks not done yet");
      return Promise.resolve();
    },
  });
  const mastodon = mastodonFrom(config);
  if (mastodon) ctx.checks.push(mastodonHealth(mastodon));
  const rules = new RuleCache(db.sql);
  const reporter: Reporter = {};
  // Rules are evaluated in workers: attacker-written input must never stall the event loop.
  const evaluator = new EvaluatorPool();
  const workflow = mastodon && workflowDeps(ctx, mastodon, rules, reporter, evaluator);
  const runs = workflow && runStarter(workflow);
  const intake = runs && webhookHandler(runs, () => reporter.id, profileComparer(db.sql));
  const inbox = intake && new Inbox(kv, () => ctx.clock.now().getTime(), intake);
  const schedules = new JobBoard();

  const app = createApp({
    metrics: ctx.metrics,
    maxBodyBytes: config.maxBodyBytes,
    routes: serviceRoutes({ ctx, workflow, runs, inbox, rules, evaluator, schedules }),
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
  let worker: Worker | undefined;
  let stream: FollowedStream | undefined;
  const ready = (async () => {
    await migrateWhenReady(db.sql, { signal: stopping.signal });
    const installed = await installStarterPack(db.sql);
    log.info("Database ready{pack}", {
      pack: installed > 0 ? `; installed the starter rule pack (${installed} rules)` : "",
    });
    if (!mastodon || !workflow || !runs || !intake || !inbox) {
      log.warn("No Mastodon configured (INSTANCE_BASE, MASTODON_ADMIN_TOKEN): nothing is watched");
      return;
    }
    await validateMastodon(mastodon, config, db.sql, reporter, stopping.signal);
    if (stopping.signal.aborted) return;
    await flushOutbox(workflow);
    await resumeInFlight(workflow);
    worker = startWorker(workflow, { intake: (message) => drainInbox(kv, message, intake) });
    await resumeInbox(kv);
    // Remote statuses reach no webhook: the stream is how they are seen as they arrive.
    stream = config.remoteStream
      ? followRemoteStream({
        mastodon,
        onStatus: streamIntake({
          kv,
          sql: db.sql,
          inbox,
          remember: (status) => runs.rememberStatus(status),
          youngWindowMs: config.youngAccountMs,
        }),
      })
      : undefined;
    const jobs = schedules.track(serviceJobs(ctx, mastodon, runs, workflow, () => stream?.state()));
    (opts.schedule ?? startSchedules)(
      config.queue === "postgres" ? onceAcrossProcesses(kv, jobs) : jobs,
      stopping.signal,
    );
    resumeRescans({ kv, sql: db.sql, runs, now: () => ctx.clock.now() }).catch((err) =>
      log.error("Resuming rescans failed: {error}", { error: String(err) })
    );
    log.info("Watching {instance}", { instance: config.instanceBase });
  })();
  ready.then(() => started = true, () => {});

  return {
    url,
    ctx,
    ready,
    shutdown: async () => {
      stopping.abort();
      await server.shutdown();
      await ready.catch(() => {});
      await stream?.stop();
      await worker?.stop();
      evaluator.close();
      await store.close();
      await db.close();
      unguard();
      log.info("MastoWatch stopped");
      flushLogs();
    },
  };
}

/** Runs until SIGINT/SIGTERM; exits non-zero on bad configuration or a refused Mastodon. */
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
  service.ready.catch(async (err) => {
    logger("main").fatal("Cannot start: {error}", { error: (err as Error).message });
    await service.shutdown().catch(() => {});
    Deno.exit(1);
  });
}

if (import.meta.main) await main(Deno.args.includes("--dev") ? "dev" : "production");
