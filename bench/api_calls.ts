/**
 * Mastodon API calls per analysed account: the service and the development server wired
 * together (tests/e2e/stack.ts), the seeded population arriving at once, delivered and polled
 * as in the end-to-end tests, then the admin token's requests from GET /_dev/stats divided by
 * the accounts analysed. `deno run -A bench/api_calls.ts` prints JSON.
 */
import { deliverEverything, labels } from "../tests/e2e/reports.ts";
import { startStack } from "../tests/e2e/stack.ts";

/** Calls of one endpoint template by the admin token. */
export interface EndpointCalls {
  route: string;
  calls: number;
  perAccount: number;
}

/** What one wave measured. */
export interface ApiCallFigures {
  /** Accounts the development server holds once everything arrived. */
  accountsArrived: number;
  accountsAnalysed: number;
  /** Accounts on the server without an analysis, by population label. */
  notAnalysed: Record<string, number>;
  runs: Record<string, number>;
  reportsFiled: number;
  webhooksDelivered: number;
  adminCalls: number;
  adminPerAccount: number;
  reporterCalls: number;
  /** Calls the service made while starting, before the wave (not in the figures above). */
  startupCalls: number;
  byEndpoint: EndpointCalls[];
  byStatus: Record<string, number>;
  database: "postgres" | "pglite";
  seconds: number;
}

type Counter = Record<string, number>;

const STOP_MS = 30_000;

function diff(after: Counter, before: Counter): Counter {
  const out: Counter = {};
  for (const [k, v] of Object.entries(after)) {
    if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  }
  return out;
}

/** Runs the seeded wave through the stack and counts the API calls it cost. */
export async function measureApiCalls(): Promise<ApiCallFigures> {
  const stack = await startStack();
  const started = performance.now();
  try {
    // GET /_dev/stats counts by route and by token apart; the token's own routes are tallied
    // here, from the same counting call.
    const stats = stack.dev.server.dev.stats;
    const byTokenRoute: Counter = {};
    const request = stats.request.bind(stats);
    stats.request = (method, template, token, status) => {
      const key = `${token} ${method} ${template}`;
      byTokenRoute[key] = (byTokenRoute[key] ?? 0) + 1;
      request(method, template, token, status);
    };
    const read = async () => {
      const res = await fetch(`${stack.dev.url}/_dev/stats`);
      return await res.json() as {
        requests: { by_token: Counter; by_status: Counter };
        webhooks: { delivered: number };
        reports_received: number;
        arrivals: { accounts: number };
      };
    };
    const before = await read();
    const beforeRoutes = { ...byTokenRoute };
    await deliverEverything(stack);
    const runs = await stack.idle(600_000);
    const after = await read();
    const rows = await stack.service.ctx.sql<{ account_id: string }[]>`
      SELECT DISTINCT account_id FROM analyses`;
    const analysedIds = new Set(rows.map((r) => r.account_id));
    const analysed = analysedIds.size;
    const notAnalysed: Counter = {};
    for (const [id, label] of labels(stack)) {
      if (!analysedIds.has(id)) notAnalysed[label] = (notAnalysed[label] ?? 0) + 1;
    }
    const tokens = diff(after.requests.by_token, before.requests.by_token);
    const admin = tokens.admin ?? 0;
    const routes = diff(byTokenRoute, beforeRoutes);
    const byEndpoint = Object.entries(routes)
      .filter(([k]) => k.startsWith("admin "))
      .map(([k, calls]) => ({
        route: k.slice("admin ".length),
        calls,
        perAccount: calls / analysed,
      }))
      .sort((a, b) => b.calls - a.calls);
    return {
      accountsArrived: after.arrivals.accounts,
      accountsAnalysed: analysed,
      notAnalysed,
      runs: Object.fromEntries(Object.entries(runs).filter(([, n]) => n > 0)),
      reportsFiled: after.reports_received - before.reports_received,
      webhooksDelivered: after.webhooks.delivered - before.webhooks.delivered,
      adminCalls: admin,
      adminPerAccount: admin / analysed,
      reporterCalls: tokens.reporter ?? 0,
      startupCalls: Object.values(before.requests.by_token).reduce((a, b) => a + b, 0),
      byEndpoint,
      byStatus: diff(after.requests.by_status, before.requests.by_status),
      database: stack.databaseUrl ? "postgres" : "pglite",
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    // The figures stand even if the stack cannot stop; its database is then left behind.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`api calls: the stack did not stop within ${STOP_MS / 1000} s`);
        resolve();
      }, STOP_MS);
    });
    await Promise.race([stack.stop(), late]);
    clearTimeout(timer);
  }
}

if (import.meta.main) {
  const figures = await measureApiCalls();
  console.log(JSON.stringify(figures));
  // The service's schedules and timers would keep the process alive.
  Deno.exit(0);
}
