/** Pages of accounts: the list, and one account with its evidence, reports and runs. */
import { Layout } from "./layout.tsx";
import type { AnalysisRow } from "../db/analyses.ts";
import type { ReportRow } from "../db/reports.ts";

interface AccountSummary {
  id: string;
  acct: string;
  domain: string | null;
  display_name: string;
  url: unknown;
  first_seen_at: Date;
  last_seen_at: Date;
  last_score: number | null;
}

/** The URL when it is http(s): an account's URL comes from remote JSON and may be hostile. */
export function safeLink(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function fmt(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return new Date(d).toISOString().replace("T", " ").slice(0, 19);
}

function score(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toFixed(2);
}

/** The list of accounts seen. */
export function AccountsPage(
  props: { actor?: string; items: AccountSummary[]; next_cursor: string | null },
) {
  return (
    <Layout title="Accounts" actor={props.actor}>
      <h1>Accounts</h1>
      <table>
        <thead>
          <tr>
            <th>Account</th>
            <th>Display name</th>
            <th>Last score</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/accounts/${encodeURIComponent(a.id)}`}>@{a.acct}</a>
              </td>
              <td>{a.display_name}</td>
              <td>{score(a.last_score)}</td>
              <td>{fmt(a.last_seen_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next_cursor
        ? <a href={`/accounts?cursor=${encodeURIComponent(props.next_cursor)}`}>Older</a>
        : null}
    </Layout>
  );
}

function Evidence({ analysis }: { analysis: AnalysisRow }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Rule</th>
          <th>Mode</th>
          <th>Weight</th>
          <th>Evidence</th>
        </tr>
      </thead>
      <tbody>
        {analysis.hits.map((h) => (
          <tr key={h.rule.name}>
            <td>{h.rule.name}</td>
            <td>{h.rule.mode}</td>
            <td>{h.weight}</td>
            <td>
              <ul>
                {h.evidence.slice(0, 5).map((e, i) => (
                  <li key={i}>
                    {e.status_id ? `status ${e.status_id}, ` : ""}
                    {e.field}: <q>{e.text}</q>
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One account: latest analysis, reports filed on it, its workflow runs. */
export function AccountPage(props: {
  actor?: string;
  csrf?: string;
  account: AccountSummary;
  latest_analysis: AnalysisRow | null;
  reports: ReportRow[];
  runs: unknown[];
}) {
  const a = props.account;
  const latest = props.latest_analysis;
  const profile = safeLink(a.url);
  return (
    <Layout title={`@${a.acct}`} actor={props.actor}>
      <h1>@{a.acct}</h1>
      <p>
        {a.display_name} · first seen {fmt(a.first_seen_at)}
        {profile
          ? (
            <>
              · <a href={profile} rel="noopener">profile</a>
            </>
          )
          : null}
      </p>
      <form method="post" action={`/accounts/${encodeURIComponent(a.id)}/rescan`}>
        <input type="hidden" name="csrf" value={props.csrf ?? ""} />
        <button type="submit">Rescan</button>
      </form>
      <h2>Latest analysis</h2>
      {latest
        ? (
          <>
            <p>
              Score <strong>{score(latest.score)}</strong> on {fmt(latest.createdAt)}
              {latest.dryRun ? " (dry run)" : ""}
            </p>
            <Evidence analysis={latest} />
          </>
        )
        : <p>Not analysed yet.</p>}
      <h2>Reports filed</h2>
      {props.reports.length === 0 ? <p>None.</p> : (
        <table>
          <thead>
            <tr>
              <th>Mastodon report</th>
              <th>Category</th>
              <th>Statuses</th>
              <th>State</th>
              <th>Outcome</th>
              <th>Filed</th>
            </tr>
          </thead>
          <tbody>
            {props.reports.map((r) => (
              <tr key={r.id}>
                <td>{r.mastodonReportId ?? "—"}</td>
                <td>{r.category}</td>
                <td>{r.statusIds.join(", ")}</td>
                <td>{r.state}</td>
                <td>
                  {r.outcome ? (r.outcome.actionTaken ? "action taken" : "dismissed") : "pending"}
                </td>
                <td>{fmt(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Runs</h2>
      <pre>{JSON.stringify(props.runs, null, 2)}</pre>
    </Layout>
  );
}
