/** GET / — the overview: what MastoWatch is doing, the live flags, the latest reports filed. */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { Island } from "../../components/island.tsx";
import { Layout } from "../../components/layout.tsx";
import { renderPage } from "../../components/render.ts";
import type { Sql } from "../../db/connect.ts";
import LiveStatus from "../../islands/LiveStatus.tsx";
import type { AppEnv } from "../../server/types.ts";
import { countRunsByState } from "../../workflows/runs.ts";
import type { SettingsReader, WorkflowDeps } from "../../workflows/types.ts";

interface Counts {
  accounts: number;
  analyses: number;
  reports: number;
  reports_actioned: number;
}

interface RecentReport {
  account_id: string;
  acct: string;
  category: string;
  mastodon_report_id: string | null;
  created_at: Date;
}

function Flag(props: { name: string; label: string; on: boolean; csrf?: string }) {
  return (
    <form method="post" action={`/config/${props.name}?enable=${!props.on}`} class="flag">
      <input type="hidden" name="csrf" value={props.csrf ?? ""} />
      {props.label}: <strong data-flag={props.name}>{props.on ? "ON" : "off"}</strong>{" "}
      <button type="submit">{props.on ? "Turn off" : "Turn on"}</button>
    </form>
  );
}

/** The overview page. */
export function homeRoutes(deps: {
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  csrf: (c: Context<AppEnv>) => string | undefined;
  /** The live flags, read as the workflow reads them (dry-run defaults to the configuration). */
  settings: SettingsReader;
  workflow?: WorkflowDeps;
}) {
  const app = new Hono<AppEnv>();
  app.get("/", deps.auth, async (c) => {
    const [[n], recent, flags, runs] = await Promise.all([
      deps.sql<Counts[]>`SELECT
        (SELECT count(*)::int FROM accounts) AS accounts,
        (SELECT count(*)::int FROM analyses) AS analyses,
        (SELECT count(*)::int FROM reports) AS reports,
        (SELECT count(*)::int FROM report_outcomes WHERE action_taken) AS reports_actioned`,
      deps.sql<RecentReport[]>`
        SELECT r.account_id, a.acct, r.category, r.mastodon_report_id, r.created_at
        FROM reports r JOIN accounts a ON a.id = r.account_id
        ORDER BY r.created_at DESC LIMIT 10`,
      deps.settings.read().catch(() => undefined),
      deps.workflow ? countRunsByState(deps.workflow) : Promise.resolve({}),
    ]);
    const csrf = deps.csrf(c);
    return c.html(renderPage(
      <Layout title="Overview" actor={c.get("actor")} csrf={csrf}>
        <h1>Overview</h1>
        {flags
          ? (
            <>
              <Flag name="panic_stop" label="Panic stop" on={flags.panicStop} csrf={csrf} />
              <Flag name="dry_run" label="Dry run" on={flags.dryRun} csrf={csrf} />
            </>
          )
          : <p>Settings cannot be read: no report is filed until they can.</p>}
        <table class="counts">
          <tbody>
            <tr>
              <th>Accounts seen</th>
              <td data-count="accounts">{n.accounts}</td>
            </tr>
            <tr>
              <th>Analyses</th>
              <td data-count="analyses">{n.analyses}</td>
            </tr>
            <tr>
              <th>Reports filed</th>
              <td data-count="reports">{n.reports}</td>
            </tr>
            <tr>
              <th>Reports acted on by moderators</th>
              <td>{n.reports_actioned}</td>
            </tr>
          </tbody>
        </table>
        <h2>Runs</h2>
        <Island name="LiveStatus" component={LiveStatus} props={{ counts: runs }} />
        <h2>Latest reports</h2>
        <table class="latest-reports">
          <thead>
            <tr>
              <th>Account</th>
              <th>Category</th>
              <th>Mastodon report</th>
              <th>Filed</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((r) => (
              <tr key={`${r.account_id}-${r.created_at}`}>
                <td>
                  <a href={`/accounts/${encodeURIComponent(r.account_id)}`}>@{r.acct}</a>
                </td>
                <td>{r.category}</td>
                <td>{r.mastodon_report_id ?? "—"}</td>
                <td>{new Date(r.created_at).toISOString().slice(0, 19).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    ));
  });
  return app;
}
