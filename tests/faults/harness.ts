/**
 * The faults suite's world: the development Mastodon server and the service, each its own
 * process (so either can be killed while the other keeps its state), on a database of their
 * own, with the whole seeded population visible before the service starts. `check()` reads the
 * outcome from outside, as an operator would: reports from the development server, runs from
 * the service's API, audit rows from its database.
 */
import { DEV_DEFAULTS } from "../../dev.ts";
import { freePort, freshDatabase } from "../e2e/stack.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** The API key of the service under test. */
export const FAULTS_API_KEY = "faults-api-key-0123456789";
const WEBHOOK_SECRET = "faults-webhook-secret";
const IN_FLIGHT = ["queued", "fetch_context", "score", "report", "notify", "audit", "waiting"];

/** A child process started by the suite. */
export interface Proc {
  child: Deno.ChildProcess;
  kill(signal?: Deno.Signal): Promise<void>;
}

function spawn(args: string[], env: Record<string, string>, log: string): Proc {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      ...env,
    },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Kept for the failure message; the pipes are drained so the child never blocks on them.
  const file = Deno.openSync(log, { create: true, append: true, write: true });
  child.stdout.pipeTo(new WritableStream({ write: (b) => void file.writeSync(b) })).catch(() => {});
  child.stderr.pipeTo(new WritableStream({ write: (b) => void file.writeSync(b) })).catch(() => {});
  let exited = false;
  child.status.then(() => {
    exited = true;
    file.close();
  });
  return {
    child,
    kill: async (signal: Deno.Signal = "SIGKILL") => {
      if (!exited) child.kill(signal);
      await child.status;
    },
  };
}

/** Polls `ok` until it holds; the error names what was awaited. */
export async function until(
  what: string,
  ok: () => Promise<boolean> | boolean,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve().then(ok).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** The service's HTTP_TIMEOUT in a faults run: short, so that waits bounded by it stay short. */
export const HTTP_TIMEOUT_S = 5;

/**
 * A request of the harness gives up after 15 s unless told otherwise: a read the service never
 * answers (it has its own 60 s bound) must fail and be tried again, not hold the test for ever.
 */
function bounded(init: RequestInit = {}, ms = 15_000): RequestInit {
  return { ...init, signal: AbortSignal.timeout(ms) };
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, bounded({ headers }));
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`GET ${url} answered ${res.status}`);
  }
  return await res.json() as T;
}

/** A report as GET /_dev/reports lists it. */
export interface DevReport {
  id: string;
  target_account_id: string;
  comment: string;
  state: string;
}

/** What the suite found after a fault family. */
export interface Outcome {
  runs: number;
  waveAccounts: number;
  reported: number;
  reports: number;
  duplicates: number;
  lost: number;
  inFlight: number;
  auditMissing: number;
}

/** The two processes and their stores. */
export interface FaultWorld {
  devUrl: string;
  serviceUrl: string;
  dataDir: string;
  databaseUrl?: string;
  logDir: string;
  dev: Proc;
  service?: Proc;
  startService(): Promise<Proc>;
  startDev(): Promise<Proc>;
  faults(body: Record<string, unknown>): Promise<void>;
  /** Makes everything due by `untilMs` into the population's hour arrive. */
  tick(untilMs: number): Promise<void>;
  reports(): Promise<DevReport[]>;
  waveAccounts(): Promise<string[]>;
  /** Every wave account reported (at least once) and nothing in flight. */
  settle(timeoutMs?: number): Promise<void>;
  check(): Promise<Outcome>;
  healthStatus(): Promise<number>;
  close(): Promise<void>;
}

/** Options of a world; `database` overrides the fresh database (e.g. a private server). */
export interface WorldOptions {
  database?: string;
  /** Let the population arrive later, with tick(), instead of before the service starts. */
  arriveLater?: boolean;
  serviceEnv?: Record<string, string>;
  devEnv?: Record<string, string>;
}

const WAVE = (label: string) => label !== "ordinary" && label !== "staff";

/** Starts the development server with the population visible, and prepares the service. */
export async function startWorld(opts: WorldOptions = {}): Promise<FaultWorld> {
  const dataDir = await Deno.makeTempDir({ prefix: "mw-faults-" });
  const logDir = `${dataDir}/logs`;
  await Deno.mkdir(logDir);
  const fresh = opts.database ? undefined : await freshDatabase();
  const databaseUrl = opts.database ?? fresh?.url;
  const devPort = freePort();
  const port = freePort();
  const devUrl = `http://127.0.0.1:${devPort}`;
  const serviceUrl = `http://127.0.0.1:${port}`;
  const devEnv = {
    DEVSERVER_PORT: String(devPort),
    DEVSERVER_DATA_DIR: `${dataDir}/devserver`,
    DEVSERVER_WEBHOOK_URL: `${serviceUrl}/webhooks/mastodon`,
    DEVSERVER_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DEVSERVER_RATE_LIMIT: "1000000",
    DEVSERVER_ORDINARY_ACCOUNTS: "40",
    ...opts.devEnv,
  };
  const serviceEnv: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: `${dataDir}/service`,
    INSTANCE_BASE: devUrl,
    MASTODON_ADMIN_TOKEN: DEV_DEFAULTS.MASTODON_ADMIN_TOKEN,
    MASTODON_REPORTER_TOKEN: DEV_DEFAULTS.MASTODON_REPORTER_TOKEN,
    API_KEY: FAULTS_API_KEY,
    WEBHOOK_SECRET,
    UI_ORIGIN: serviceUrl,
    POLL_ADMIN_ACCOUNTS_INTERVAL: "2",
    POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL: "2",
    QUEUE_STATS_INTERVAL: "2",
    HTTP_TIMEOUT: String(HTTP_TIMEOUT_S),
    LOG_LEVEL: "info",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.serviceEnv,
  };
  let n = 0;
  const startDev = async () => {
    const proc = spawn(["run", "-A", "devserver/main.ts"], devEnv, `${logDir}/devserver.log`);
    await until("the development server answers", async () => {
      const res = await fetch(`${devUrl}/_dev/stats`, bounded());
      await res.body?.cancel();
      return res.ok;
    }, 30_000);
    world.dev = proc;
    return proc;
  };
  const world: FaultWorld = {
    devUrl,
    serviceUrl,
    dataDir,
    databaseUrl,
    logDir,
    dev: undefined as unknown as Proc,
    startDev,
    startService: async () => {
      const proc = spawn(
        ["run", "-A", "main.ts", "--dev"],
        serviceEnv,
        `${logDir}/service-${++n}.log`,
      );
      world.service = proc;
      await until("the service answers", async () => {
        const res = await fetch(`${serviceUrl}/livez`, bounded());
        await res.body?.cancel();
        return res.ok;
      }, 60_000);
      return proc;
    },
    tick: async (untilMs) => {
      const res = await fetch(
        `${devUrl}/_dev/tick`,
        // Moving the world on a day makes its whole population at once.
        bounded({ method: "POST", body: JSON.stringify({ untilMs }) }, 120_000),
      );
      if (!res.ok) throw new Error(`tick refused: ${await res.text()}`);
      await res.body?.cancel();
    },
    faults: async (body) => {
      const res = await fetch(
        `${devUrl}/_dev/faults`,
        bounded({ method: "POST", body: JSON.stringify(body) }),
      );
      if (!res.ok) throw new Error(`faults refused: ${await res.text()}`);
      await res.body?.cancel();
    },
    reports: () => getJson<DevReport[]>(`${devUrl}/_dev/reports`),
    waveAccounts: async () => {
      const labels = await getJson<Record<string, string>>(`${devUrl}/_dev/labels`);
      return Object.entries(labels).filter(([, l]) => WAVE(l)).map(([id]) => id).sort();
    },
    settle: async (timeoutMs = 180_000) => {
      const wave = await world.waveAccounts();
      let missing: string[] = [];
      await until("every wave account is reported", async () => {
        const targets = new Set((await world.reports()).map((r) => r.target_account_id));
        missing = wave.filter((id) => !targets.has(id));
        return missing.length === 0;
      }, timeoutMs).catch((err) => {
        throw new Error(
          `${err.message}: not reported ${missing.join(", ")} (FAULTS_KEEP=1 keeps the logs)`,
        );
      });
      await until("no run is in flight", async () => (await inFlight(world)) === 0, timeoutMs);
    },
    check: async () => {
      // Read again until it can be: a read lost in a restart fails (bounded) and is tried again.
      let outcome!: Outcome;
      await until("the outcome is read", async () => {
        outcome = await check(world);
        return true;
      }, 90_000);
      return outcome;
    },
    healthStatus: async () => {
      const res = await fetch(`${serviceUrl}/healthz`, bounded());
      await res.body?.cancel();
      return res.status;
    },
    close: async () => {
      await world.service?.kill();
      await world.dev?.kill();
      await fresh?.drop();
      // FAULTS_KEEP=1 keeps the processes' logs and data for a look after a failure.
      if (Deno.env.get("FAULTS_KEEP")) return console.log(`kept ${dataDir}`);
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
  await startDev();
  // Unless told otherwise, the whole population arrives now, before the service starts: its
  // first polls see it all.
  if (!opts.arriveLater) await world.tick(24 * 3_600_000);
  return world;
}

async function inFlight(world: FaultWorld): Promise<number> {
  const body = await getJson<{ counts: Record<string, number> }>(
    `${world.serviceUrl}/workflows`,
    { "x-api-key": FAULTS_API_KEY },
  );
  return IN_FLIGHT.reduce((n, s) => n + (body.counts[s] ?? 0), 0);
}

interface RunJson {
  id: string;
  state: string;
  decision?: string;
}

async function allRuns(world: FaultWorld): Promise<RunJson[]> {
  const runs: RunJson[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    const page: { runs: RunJson[]; next_cursor: string | null } = await getJson(
      `${world.serviceUrl}/workflows?limit=500${q}`,
      { "x-api-key": FAULTS_API_KEY },
    );
    runs.push(...page.runs);
    cursor = page.next_cursor;
  } while (cursor);
  return runs;
}

async function auditedRuns(world: FaultWorld): Promise<Set<string>> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: { items: { run_id: string | null; action: string }[]; next_cursor: string | null } =
      await getJson(`${world.serviceUrl}/logs?limit=500${q}`, { "x-api-key": FAULTS_API_KEY });
    for (const r of page.items) if (r.run_id) seen.add(`${r.run_id}/${r.action}`);
    cursor = page.next_cursor;
  } while (cursor);
  return seen;
}

/** Reads the outcome: reports per wave account, runs in flight, audit rows missing. */
async function check(world: FaultWorld): Promise<Outcome> {
  const wave = await world.waveAccounts();
  const reports = await world.reports();
  const perTarget = new Map<string, number>();
  for (const r of reports) {
    perTarget.set(r.target_account_id, (perTarget.get(r.target_account_id) ?? 0) + 1);
  }
  const runs = await allRuns(world);
  const audited = await auditedRuns(world);
  // A run that ended has its audit row: its decision, or "failed".
  const auditMissing = runs.filter((r) => {
    if (IN_FLIGHT.includes(r.state)) return false;
    const action = r.state === "failed" ? "failed" : r.decision;
    return !action || !audited.has(`${r.id}/${action}`);
  }).length;
  return {
    runs: runs.length,
    waveAccounts: wave.length,
    reported: wave.filter((id) => perTarget.has(id)).length,
    reports: reports.length,
    duplicates: [...perTarget.values()].filter((n) => n > 1).length,
    lost: wave.filter((id) => !perTarget.has(id)).length,
    inFlight: runs.filter((r) => IN_FLIGHT.includes(r.state)).length,
    auditMissing,
  };
}
