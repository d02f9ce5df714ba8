/** The overview page: what MastoWatch did, what it is doing now, and how much budget is left. */
import type { Settings } from "../db/settings.ts";
import type { TimelinePoint } from "../db/analytics.ts";
import TimelineChart from "../islands/TimelineChart.tsx";
import type { Overview } from "../routes/analytics.ts";
import { Island } from "./island.tsx";
import { Layout, type Viewer } from "./layout.tsx";
import { fmtTime, Table } from "./table.tsx";

/** Props of the overview. */
export interface OverviewProps extends Viewer {
  overview: Overview;
  timeline: { days: number; points: TimelinePoint[] };
  /** The live flags, or undefined when they cannot be read. */
  flags?: Settings;
}

function Stat(props: { label: string; n: number | string; id: string; sub?: string }) {
  return (
    <div class="stat">
      <span class="n" data-count={props.id}>{props.n}</span>
      <span class="label">{props.label}</span>
      {props.sub ? <div class="sub">{props.sub}</div> : null}
    </div>
  );
}

function Flags({ flags }: { flags?: Settings }) {
  if (!flags) {
    return (
      <p class="banner bad" role="alert">
        Settings cannot be read: no report is filed until they can. See{" "}
        <a href="/settings">Settings</a>.
      </p>
    );
  }
  if (flags.panicStop) {
    return (
      <p class="banner bad" data-flag-banner="panic_stop">
        Panic stop is ON: nothing advances until it is lifted in <a href="/settings">Settings</a>.
      </p>
    );
  }
  if (flags.dryRun) {
    return (
      <p class="banner warn" data-flag-banner="dry_run">
        Dry run is ON: accounts are scored, no report is filed. <a href="/settings">Settings</a>
      </p>
    );
  }
  return null;
}

/** The overview. */
export function OverviewPage({ overview: o, timeline, flags, ...viewer }: OverviewProps) {
  const b = o.api_budget;
  return (
    <Layout title="Overview" active="/" styles={["/static/build/uplot.css"]} {...viewer}>
      <h1>Overview</h1>
      <Flags flags={flags} />
      <div class="grid">
        <Stat
          id="accounts_analysed"
          n={o.accounts.analysed}
          label="Accounts analysed"
          sub={`${o.accounts.seen} seen, ${o.analyses} analyses`}
        />
        <Stat
          id="reports"
          n={o.reports.filed}
          label="Reports filed"
          sub={`${o.reports.today} today`}
        />
        <Stat id="reports_open" n={o.reports.open} label="Open at Mastodon" />
        <Stat id="reports_actioned" n={o.reports.actioned} label="Actioned by moderators" />
        <Stat id="reports_dismissed" n={o.reports.dismissed} label="Dismissed" />
      </div>
      <h2>Timeline</h2>
      <Island name="TimelineChart" component={TimelineChart} props={timeline} />
      <h2>Now</h2>
      <div class="grid">
        {o.queue
          ? (
            <>
              <Stat id="queue_depth" n={o.queue.depth} label="Runs in the queue" />
              <Stat id="runs_failed" n={o.queue.failed} label="Failed runs" />
              <Stat id="dead_letters" n={o.queue.dead_letters} label="Dead letters" />
            </>
          )
          : <p class="empty">No Mastodon is configured, so nothing is queued.</p>}
        <Stat
          id="api_remaining"
          n={b?.remaining ?? "—"}
          label="Mastodon API calls left"
          sub={b
            ? `${b.used ?? "?"} of ${b.limit} used; resets ${fmtTime(b.reset)}`
            : "No call has announced a budget yet"}
        />
        <Stat
          id="report_budget"
          n={Math.max(0, o.reports.daily_budget - o.reports.today)}
          label="Reports left today"
          sub={`${o.reports.today} of ${o.reports.daily_budget} filed`}
        />
      </div>
      {o.queue && o.queue.failed + o.queue.dead_letters > 0
        ? (
          <p class="banner warn">
            Some runs need attention: see <a href="/workflows">Workflows</a> to retry them.
          </p>
        )
        : null}
      <h2>Top rules, last {o.top_rules.days} days</h2>
      <Table
        class="top-rules"
        empty="No rule has hit yet. Accounts are scored as they arrive; check the rules are enabled."
        rows={o.top_rules.rules}
        columns={[
          {
            head: "Rule",
            cell: (r) => r.rule_id ? <a href={`/rules/${r.rule_id}`}>{r.name}</a> : r.name,
          },
          { head: "Hits", num: true, cell: (r) => r.hits },
          { head: "Accounts", num: true, cell: (r) => r.accounts },
        ]}
      />
      <h2>Top remote domains</h2>
      <Table
        class="top-domains"
        empty="No remote account seen yet."
        rows={o.top_domains}
        columns={[
          {
            head: "Domain",
            cell: (d) => <a href={`/accounts?domain=${encodeURIComponent(d.domain)}`}>{d.domain}
            </a>,
          },
          { head: "Reports filed", num: true, cell: (d) => d.reports },
          { head: "Accounts seen", num: true, cell: (d) => d.accounts },
        ]}
      />
    </Layout>
  );
}
