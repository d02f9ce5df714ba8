/**
 * Time to report and API calls by route while the seeded wave arrives in real time: the
 * development server and the service each their own process (tests/faults/harness.ts), the
 * server with Mastodon's real limits (300 requests per 5 minutes per token) and its whole
 * population, the wave's hour played at 60× (a minute), the service on its default schedules.
 * From GET /_dev/timeline (wall-clock arrivals and acknowledged webhooks), GET /_dev/reports and
 * GET /_dev/stats. `deno run -A bench/time_to_report.ts` prints JSON.
 */
import { startWorld, until } from "../tests/faults/harness.ts";
import { percentile } from "./stats.ts";

/** Calls of one route template by one token. */
export interface RouteCalls {
  token: string;
  route: string;
  calls: number;
}

/** What the real-time wave measured. */
export interface TimeToReportFigures {
  speed: number;
  accountsArrived: number;
  waveAccounts: number;
  waveReported: number;
  /** Wave accounts that arrived before the service was ready (not in the latencies). */
  arrivedBeforeReady: number;
  duplicates: number;
  /** Local wave accounts: first status.created webhook acknowledged → their report. */
  webhook: { accounts: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** Remote wave accounts: first status arrival (public:remote stream) → their report. */
  remote: { accounts: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** Last arrival of a wave account or status → the last wave report. */
  waveCompleteAfterLastArrivalMs: number;
  calls: RouteCalls[];
  adminCalls: number;
  reporterCalls: number;
  /** One report POST per wave account plus the polls the service made. */
  floorCalls: number;
  pollCalls: number;
  peakByToken: Record<string, number>;
  refused429: number;
  seconds: number;
}

interface Timeline {
  accounts: {
    id: string;
    label: string | null;
    local: boolean;
    arrived_at: string | null;
    statuses_arrived_at: string[];
  }[];
  webhooks: { event: string; account_id: string | null; delivered_at: string }[];
}

interface DevStats {
  requests: {
    by_token: Record<string, number>;
    by_token_route: Record<string, number>;
    by_status: Record<string, number>;
  };
  arrivals: { pending: number; accounts: number };
  rate_limits: { peak_by_token: Record<string, number> };
}

const SPEED = 60;
const WAVE = (label: string | null) => label !== null && label !== "ordinary" && label !== "staff";

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    accounts: sorted.length,
    p50Ms: Math.round(percentile(sorted, 0.5)),
    p95Ms: Math.round(percentile(sorted, 0.95)),
    maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return await res.json() as T;
}

/** Plays the wave in real time against a running service and measures. */
export async function measureTimeToReport(): Promise<TimeToReportFigures> {
  const started = performance.now();
  const world = await startWorld({
    arriveLater: true,
    devEnv: {
      DEVSERVER_ARRIVAL_SPEED: String(SPEED),
      // The service starts (PGlite, migrations, checks) before the first arrival.
      DEVSERVER_ARRIVAL_DELAY: "25",
      DEVSERVER_RATE_LIMIT: "300",
      // The whole population, ordinary accounts included, as `deno task dev` serves it.
      DEVSERVER_ORDINARY_ACCOUNTS: "",
    },
    serviceEnv: {
      POLL_ADMIN_ACCOUNTS_INTERVAL: "30",
      POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL: "30",
      QUEUE_STATS_INTERVAL: "15",
      LOG_LEVEL: Deno.env.get("BENCH_LOG_LEVEL") ?? "warning",
    },
  });
  try {
    await world.startService();
    await until("the service is ready", async () => (await world.healthStatus()) === 200, 120_000);
    // The server's arrivals run from its own start; what arrived before the service was ready
    // waited for it to start, and is counted apart.
    const readyAt = Date.now();
    const base = await json<DevStats>(`${world.devUrl}/_dev/stats`);
    // The hour plays in 60 s, from 25 s after the server started.
    await until("the whole population has arrived", async () => {
      const stats = await json<DevStats>(`${world.devUrl}/_dev/stats`);
      return stats.arrivals.pending === 0;
    }, 600_000);
    await world.settle(600_000);
    const [timeline, reports, stats] = await Promise.all([
      json<Timeline>(`${world.devUrl}/_dev/timeline`),
      world.reports(),
      json<DevStats>(`${world.devUrl}/_dev/stats`),
    ]);
    // BENCH_TIMELINE=FILE keeps what was read, to follow one account through the logs.
    const keep = Deno.env.get("BENCH_TIMELINE");
    if (keep) await Deno.writeTextFile(keep, JSON.stringify({ readyAt, timeline, reports }));
    const firstReport = new Map<string, number>();
    let duplicates = 0;
    for (const r of reports as { target_account_id: string; created_at?: string }[]) {
      const at = Date.parse(r.created_at ?? "");
      if (firstReport.has(r.target_account_id)) duplicates++;
      else firstReport.set(r.target_account_id, at);
    }
    const wave = timeline.accounts.filter((a) => WAVE(a.label));
    const firstWebhook = new Map<string, number>();
    for (const w of timeline.webhooks) {
      if (w.event !== "status.created" || !w.account_id) continue;
      const at = Date.parse(w.delivered_at);
      if (at < (firstWebhook.get(w.account_id) ?? Infinity)) firstWebhook.set(w.account_id, at);
    }
    let beforeReady = 0;
    const webhookMs: number[] = [];
    const remoteMs: number[] = [];
    let lastArrival = 0;
    let lastReport = 0;
    for (const a of wave) {
      const arrivals = [a.arrived_at, ...a.statuses_arrived_at].filter((t) => t !== null)
        .map((t) => Date.parse(t!));
      lastArrival = Math.max(lastArrival, ...arrivals);
      const reported = firstReport.get(a.id);
      if (reported === undefined) continue;
      lastReport = Math.max(lastReport, reported);
      if (Math.min(...arrivals) < readyAt) {
        beforeReady++;
        continue;
      }
      const hook = firstWebhook.get(a.id);
      if (a.local && hook !== undefined) webhookMs.push(Math.max(0, reported - hook));
      const firstStatus = a.statuses_arrived_at.map((t) => Date.parse(t)).sort()[0];
      if (!a.local && firstStatus !== undefined) remoteMs.push(Math.max(0, reported - firstStatus));
    }
    const routes = Object.entries(stats.requests.by_token_route).map(([key, n]) => {
      const [token, method, template] = key.split(" ");
      return {
        token,
        route: `${method} ${template}`,
        calls: n - (base.requests.by_token_route[key] ?? 0),
      };
    }).filter((r) => r.calls > 0 && r.token !== "none").sort((a, b) => b.calls - a.calls);
    const tokenCalls = (t: string) =>
      routes.filter((r) => r.token === t).reduce((n, r) => n + r.calls, 0);
    // The listings the polls read (GET /api/v2/admin/accounts), not single accounts.
    const pollCalls = routes.filter((r) =>
      r.token === "admin" && r.route.endsWith("/admin/accounts")
    )
      .reduce((n, r) => n + r.calls, 0);
    const refused = (stats.requests.by_status["429"] ?? 0) - (base.requests.by_status["429"] ?? 0);
    return {
      speed: SPEED,
      accountsArrived: stats.arrivals.accounts,
      waveAccounts: wave.length,
      waveReported: wave.filter((a) => firstReport.has(a.id)).length,
      arrivedBeforeReady: beforeReady,
      duplicates,
      webhook: summary(webhookMs),
      remote: summary(remoteMs),
      waveCompleteAfterLastArrivalMs: Math.max(0, lastReport - lastArrival),
      calls: routes,
      adminCalls: tokenCalls("admin"),
      reporterCalls: tokenCalls("reporter"),
      floorCalls: wave.length + pollCalls,
      pollCalls,
      peakByToken: stats.rate_limits.peak_by_token,
      refused429: refused,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await world.close();
  }
}

if (import.meta.main) {
  console.log(JSON.stringify(await measureTimeToReport()));
  Deno.exit(0);
}
