/**
 * One account: its score and every hit with the evidence (the match marked), the statuses the
 * latest run read with their media and alt text, our reports with their outcomes, the runs, and
 * links to the account and the reports in Mastodon's own admin pages.
 */
import type { AnalysisRow } from "../db/analyses.ts";
import type { ShownStatus } from "../db/account_page.ts";
import type { ReportRow } from "../db/reports.ts";
import type { Run } from "../workflows/types.ts";
import { safeLink } from "./accounts.tsx";
import { Highlighted, type RuleShape } from "./highlight.tsx";
import { Layout, type Viewer } from "./layout.tsx";
import { fmtScore, fmtTime, Pill, Table } from "./table.tsx";
import { RunState } from "./workflows.tsx";

/** Props of the account page. */
export interface AccountPageProps extends Viewer {
  account: { id: string; acct: string; display_name: string; url: unknown; first_seen_at: Date };
  analyses: AnalysisRow[];
  reports: ReportRow[];
  runs: Run[];
  statuses: ShownStatus[];
  /** The rule versions that hit, keyed "id@version", to mark what they matched. */
  rules: Record<string, RuleShape>;
  /** The Mastodon server's base URL, for its admin pages. */
  instanceBase?: string;
}

function adminUrl(base: string | undefined, path: string): string | undefined {
  return base ? new URL(path, base).toString() : undefined;
}

function Hits({ analysis, rules }: { analysis: AnalysisRow; rules: AccountPageProps["rules"] }) {
  return (
    <Table
      class="hits"
      empty="No rule matched this account."
      rows={analysis.hits}
      columns={[
        {
          head: "Rule",
          cell: (h) => h.rule.id ? <a href={`/rules/${h.rule.id}`}>{h.rule.name}</a> : h.rule.name,
        },
        {
          head: "Mode",
          cell: (h) => <Pill tone={h.rule.mode === "report" ? "warn" : "off"}>{h.rule.mode}</Pill>,
        },
        { head: "Weight", num: true, cell: (h) => h.weight },
        {
          head: "Evidence",
          cell: (h) => (
            <ul class="evidence">
              {h.evidence.slice(0, 10).map((e, i) => (
                <li key={i}>
                  {e.status_id
                    ? <a href={`#status-${e.status_id}`}>status {e.status_id}</a>
                    : "profile"}, {e.field}:{" "}
                  <Highlighted text={e.text} rule={rules[`${h.rule.id}@${h.rule.version}`]} />
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

function Statuses(props: { statuses: ShownStatus[]; accountId: string; base?: string }) {
  if (props.statuses.length === 0) {
    return <p class="empty">No statuses stored for this account: rescan it to fetch them again.</p>;
  }
  return (
    <>
      {props.statuses.map((s) => {
        const admin = adminUrl(props.base, `/admin/accounts/${props.accountId}/statuses/${s.id}`);
        return (
          <article key={s.id} id={`status-${s.id}`} class="card status">
            <p class="muted">
              {fmtTime(s.createdAt)} · {s.visibility || "?"} · status {s.id}
              {safeLink(s.url)
                ? (
                  <>
                    {" · "}
                    <a href={safeLink(s.url)} rel="noopener noreferrer">original</a>
                  </>
                )
                : null}
              {admin
                ? (
                  <>
                    {" · "}
                    <a href={admin}>in Mastodon's admin</a>
                  </>
                )
                : null}
            </p>
            {s.spoiler
              ? (
                <p>
                  <strong>CW: {s.spoiler}</strong>
                </p>
              )
              : null}
            <p class="status-text">{s.text || <span class="muted">(no text)</span>}</p>
            {s.media.length
              ? (
                <ul class="media">
                  {s.media.map((m, i) => (
                    <li key={i}>
                      {m.type}
                      {safeLink(m.url)
                        ? (
                          <>
                            {" "}(<a href={safeLink(m.url)} rel="noopener noreferrer">open</a>)
                          </>
                        )
                        : null}
                      : {m.description
                        ? <span class="alt">alt text: {m.description}</span>
                        : <Pill tone="warn">no alt text</Pill>}
                    </li>
                  ))}
                </ul>
              )
              : null}
          </article>
        );
      })}
    </>
  );
}

function Outcome({ report }: { report: ReportRow }) {
  if (!report.outcome) return <Pill tone="warn">pending</Pill>;
  return report.outcome.actionTaken ? <Pill tone="on">action taken</Pill> : <Pill>dismissed</Pill>;
}

function Reports(props: { reports: ReportRow[]; base?: string }) {
  const link = (r: ReportRow) =>
    r.mastodonReportId ? adminUrl(props.base, `/admin/reports/${r.mastodonReportId}`) : undefined;
  return (
    <Table
      class="reports"
      empty="None: no score of this account reached the threshold in report mode."
      rows={props.reports}
      columns={[
        {
          head: "Mastodon report",
          cell: (r) =>
            link(r)
              ? <a href={link(r)} data-admin-report>#{r.mastodonReportId}</a>
              : r.mastodonReportId ?? "—",
        },
        { head: "Category", cell: (r) => r.category },
        { head: "Statuses", cell: (r) => r.statusIds.join(", ") || "—" },
        { head: "State", cell: (r) => r.state },
        { head: "Outcome", cell: (r) => <Outcome report={r} /> },
        { head: "Filed", cell: (r) => fmtTime(r.createdAt) },
      ]}
    />
  );
}

/** One account. */
export function AccountPage(props: AccountPageProps) {
  const a = props.account;
  const latest = props.analyses[0];
  const profile = safeLink(a.url);
  const admin = adminUrl(props.instanceBase, `/admin/accounts/${encodeURIComponent(a.id)}`);
  return (
    <Layout title={`@${a.acct}`} active="/accounts" actor={props.actor} csrf={props.csrf}>
      <h1>@{a.acct}</h1>
      <p>
        <span class="display-name">{a.display_name}</span> · first seen {fmtTime(a.first_seen_at)}
        {profile
          ? (
            <>
              {" · "}
              <a href={profile} rel="noopener noreferrer">profile</a>
            </>
          )
          : null}
      </p>
      <div class="actions">
        {admin
          ? <a class="button" href={admin} data-admin-account>Open in Mastodon's admin</a>
          : null}
        <form method="post" action={`/accounts/${encodeURIComponent(a.id)}/rescan`} class="inline">
          <input type="hidden" name="csrf" value={props.csrf ?? ""} />
          <button type="submit" class="secondary">Rescan</button>
        </form>
      </div>
      <h2>Latest analysis</h2>
      {latest
        ? (
          <>
            <p>
              Score <strong data-score>{fmtScore(latest.score)}</strong> (shadow rules would make it
              {" "}
              {fmtScore(latest.shadowScore)}) on {fmtTime(latest.createdAt)}
              {latest.dryRun
                ? (
                  <>
                    {" "}
                    <Pill tone="warn">dry run</Pill>
                  </>
                )
                : null}
            </p>
            <Hits analysis={latest} rules={props.rules} />
          </>
        )
        : <p class="empty">Not analysed yet. Rescan to analyse it now.</p>}
      <h2>Reports we filed</h2>
      <Reports reports={props.reports} base={props.instanceBase} />
      <h2>Statuses read</h2>
      <Statuses statuses={props.statuses} accountId={a.id} base={props.instanceBase} />
      <h2>Runs</h2>
      <Table
        class="runs"
        empty="No run is recorded for this account."
        rows={props.runs}
        columns={[
          { head: "Run", cell: (r) => <code>{r.id}</code> },
          { head: "Trigger", cell: (r) => r.trigger },
          { head: "State", cell: (r) => <RunState run={r} /> },
          { head: "Score", num: true, cell: (r) => fmtScore(r.score) },
          { head: "Decision", cell: (r) => r.decision ?? "—" },
          { head: "Updated", cell: (r) => fmtTime(r.updatedAt) },
          { head: "Error", cell: (r) => r.error ?? "" },
        ]}
      />
      {props.analyses.length > 1
        ? (
          <>
            <h2>Earlier analyses</h2>
            <Table
              class="analyses"
              empty=""
              rows={props.analyses.slice(1)}
              columns={[
                { head: "When", cell: (x) => fmtTime(x.createdAt) },
                { head: "Score", num: true, cell: (x) => fmtScore(x.score) },
                {
                  head: "Rules that hit",
                  cell: (x) => x.hits.map((h) => h.rule.name).join(", ") || "—",
                },
              ]}
            />
          </>
        )
        : null}
    </Layout>
  );
}
