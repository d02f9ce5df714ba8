/**
 * Resident memory while the real workflow (intake's run starter, the queue listener, the
 * dispatcher and every step) analyses many accounts, on a fresh PostgreSQL database and a KV
 * file, against the population Mastodon. History lives in Postgres and KV: the heap must stay
 * flat. `deno run -A --v8-flags=--expose-gc bench/memory.ts [accounts] [steps at once]` prints
 * JSON.
 */
import { cpuUsage } from "node:process";
import postgres from "postgres";
import { runStarter } from "../boot/workflow.ts";
import { loadConfig } from "../config.ts";
import { systemClock } from "../context.ts";
import { openDatabase } from "../db/connect.ts";
import { migrate } from "../db/migrate.ts";
import { RuleCache } from "../rules/rule_cache.ts";
import { installStarterPack } from "../rules/starter_pack.ts";
import { setupLogging } from "../server/log.ts";
import { ensureRunCounts, readRunCounts, type RunCounts } from "../workflows/run_counts.ts";
import { MAX_CONCURRENT_STEPS } from "../workflows/worker.ts";
import {
  rulesFromCache,
  settingsReader,
  startWorker,
  type Worker,
  workflowConfig,
  type WorkflowDeps,
} from "../workflows/mod.ts";
import { PopulationMastodon } from "./population_mastodon.ts";

/** Where the bench creates (and drops) its database. */
export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
/** When memory is sampled, as shares of the accounts: 1k, 10k, 25k, 50k and 100k of 100k. */
export const CHECKPOINTS = [0.01, 0.1, 0.25, 0.5, 1];

/** Memory after a number of accounts. */
export interface MemorySample {
  accounts: number;
  seconds: number;
  /** CPU time this process used so far (user + system). */
  cpuSeconds: number;
  rssMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  postgresMiB: number;
  kvMiB: number;
  /** Transactions committed in the database so far (each statement outside one counts). */
  postgresTransactions: number;
}

/** What one memory run measured. */
export interface MemoryFigures {
  accounts: number;
  /** Distinct population accounts the ids cycle through. */
  templates: number;
  concurrency: number;
  gc: boolean;
  seconds: number;
  accountsPerSecond: number;
  samples: MemorySample[];
  /** Run outcomes (decision, or the state a run rested in). */
  outcomes: Record<string, number>;
  reportsFiled: number;
  /** Which engine runs each regex, as the ReDoS check decided at start-up. */
  regexEngines: string[];
  warnings: Record<string, number>;
  postgres: string;
}

const MiB = 2 ** 20;
const SIGNALS: Deno.Signal[] = ["SIGINT", "SIGTERM"];
/** Runs started beyond those that ended: one poll's page of new accounts. */
const AHEAD = 100;
/** A run that has not ended after this long has stalled (a budget or a lost message). */
const STALL_MS = 120_000;

const endedRuns = (c: RunCounts) =>
  (c.entered.done ?? 0) + (c.entered.skipped ?? 0) + (c.entered.failed ?? 0);
const round1 = (x: number) => Math.round(x * 10) / 10;

async function freshDatabase(base: string) {
  const name = `mw_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
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

async function fileMiB(path: string): Promise<number> {
  let bytes = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    bytes += await Deno.stat(path + suffix).then((s) => s.size, () => 0);
  }
  return bytes / MiB;
}

/** Counts warnings and errors by message, printing the first few. */
function countingSink(warnings: Record<string, number>) {
  let printed = 0;
  return (r: { level: string; rawMessage: string; message: unknown[] }) => {
    if (r.level !== "warning" && r.level !== "error" && r.level !== "fatal") return;
    warnings[r.rawMessage] = (warnings[r.rawMessage] ?? 0) + 1;
    if (printed++ < 5) console.error(`memory: ${r.level}: ${r.message.join("")}`);
  };
}

/**
 * Starts runs for `accounts` accounts as polls would, which the service's queue listener
 * (`concurrency` steps at once, the service's own limit by default) carries through every
 * step; samples memory whenever the runs of a checkpoint have all ended.
 */
export async function measureMemory(opts: {
  accounts?: number;
  concurrency?: number;
  databaseUrl?: string;
} = {}): Promise<MemoryFigures> {
  const total = opts.accounts ?? 100_000;
  const concurrency = opts.concurrency ?? MAX_CONCURRENT_STEPS;
  const checkpoints = [...new Set(CHECKPOINTS.map((c) => Math.max(1, Math.round(c * total))))];
  const warnings: Record<string, number> = {};
  await setupLogging("warning", countingSink(warnings) as never);
  const db = await freshDatabase(opts.databaseUrl ?? DEFAULT_DATABASE_URL);
  const dir = await Deno.makeTempDir({ prefix: "mw-memory-" });
  const kvPath = `${dir}/kv.sqlite3`;
  const kv = await Deno.openKv(kvPath);
  let worker: Worker | undefined;
  const { sql, close } = await openDatabase({ url: db.url, dataDir: dir, max: 10 });
  // Interrupted, the drivers stop and the run still drops its database and its KV file.
  let stopped = false;
  const interrupted = () => void (stopped = true);
  for (const signal of SIGNALS) Deno.addSignalListener(signal, interrupted);
  try {
    await migrate(sql);
    await installStarterPack(sql);
    const { config } = loadConfig({
      INSTANCE_BASE: "http://bench.example",
      MASTODON_ADMIN_TOKEN: "bench-admin-token",
      // Every flagged account is filed: a spent budget would park runs instead of finishing them.
      REPORT_DAILY_BUDGET: "1000000000",
      REPORT_DOMAIN_DAILY_BUDGET: "1000000000",
    }, "test");
    const mastodon = new PopulationMastodon();
    const cache = new RuleCache(sql);
    const deps: WorkflowDeps = {
      kv,
      sql,
      mastodon,
      rules: rulesFromCache(cache),
      clock: systemClock,
      settings: settingsReader(sql, false),
      config: workflowConfig(config),
      fetch: () => Promise.resolve(new Response("ok")),
      reporterId: () => "2",
      learnReporter: () => Promise.resolve(),
    };
    const runs = runStarter(deps);
    await ensureRunCounts(kv);
    worker = startWorker(deps, { maxConcurrent: concurrency });
    const samples: MemorySample[] = [];
    const started = performance.now();
    let next = 0;
    const start = async (i: number) => {
      // As a poll does: the listed account is remembered, then its run started.
      const admin = await mastodon.adminAccount(mastodon.accountId(i));
      await runs.rememberAccount(admin);
      await runs.startRun({ accountId: admin.id, trigger: "poll", dedupKey: `poll:${admin.id}` });
    };
    let lastProgress = { ended: -1, at: performance.now() };
    let reported = 0;
    for (const checkpoint of checkpoints) {
      for (;;) {
        if (stopped) throw new Error(`interrupted after ${next} accounts`);
        const ended = endedRuns(await readRunCounts(kv));
        if (ended >= checkpoint) break;
        if (ended !== lastProgress.ended) lastProgress = { ended, at: performance.now() };
        else if (performance.now() - lastProgress.at > STALL_MS) {
          throw new Error(
            `no run ended for ${STALL_MS / 1000} s: ${JSON.stringify(await readRunCounts(kv))}`,
          );
        }
        if (ended - reported >= 5_000) {
          reported = ended - (ended % 5_000);
          const s = (performance.now() - started) / 1000;
          console.error(`memory: ${ended} accounts in ${s.toFixed(0)} s`);
        }
        const batch: Promise<void>[] = [];
        while (next < checkpoint && next - ended < AHEAD) batch.push(start(next++));
        await Promise.all(batch);
        await new Promise((r) => setTimeout(r, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      (globalThis as { gc?: () => void }).gc?.();
      const mem = Deno.memoryUsage();
      const cpu = cpuUsage();
      const [{ bytes, commits }] = await sql<{ bytes: string; commits: string }[]>`
        SELECT pg_database_size(current_database())::text AS bytes, xact_commit::text AS commits
        FROM pg_stat_database WHERE datname = current_database()`;
      const sample = {
        accounts: checkpoint,
        seconds: round1(seconds),
        cpuSeconds: round1((cpu.user + cpu.system) / 1e6),
        rssMiB: round1(mem.rss / MiB),
        heapUsedMiB: round1(mem.heapUsed / MiB),
        externalMiB: round1(mem.external / MiB),
        postgresMiB: round1(Number(bytes) / MiB),
        kvMiB: round1(await fileMiB(kvPath)),
        postgresTransactions: Number(commits),
      };
      samples.push(sample);
      console.error(`memory: ${JSON.stringify(sample)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const counts = await readRunCounts(kv);
    const outcomes = Object.fromEntries(
      Object.entries({ ...counts.entered, waiting: counts.held.waiting }).filter(([, n]) => n),
    ) as Record<string, number>;
    const [{ server_version: version }] = await sql<{ server_version: string }[]>`
      SHOW server_version`;
    return {
      accounts: total,
      templates: mastodon.templateCount,
      concurrency,
      gc: typeof (globalThis as { gc?: unknown }).gc === "function",
      seconds: round1(seconds),
      accountsPerSecond: Math.round(total / seconds),
      samples,
      outcomes,
      reportsFiled: mastodon.reportsFiled,
      regexEngines: (await cache.current()).rules.flatMap((r) => r.regexEngines),
      warnings,
      postgres: version,
    };
  } finally {
    for (const signal of SIGNALS) Deno.removeSignalListener(signal, interrupted);
    await worker?.stop();
    kv.close();
    await close();
    await db.drop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const accounts = Number(Deno.args[0] ?? 100_000);
  const concurrency = Number(Deno.args[1] ?? MAX_CONCURRENT_STEPS);
  const databaseUrl = Deno.env.get("BENCH_DATABASE_URL");
  console.log(JSON.stringify(await measureMemory({ accounts, concurrency, databaseUrl })));
}
