/** The audit log page: one row per decision, newest first, with filters in the query string. */
import type { AuditRow } from "../db/audit.ts";
import { Layout } from "./layout.tsx";

/** The audit log page. */
export function AuditLogPage(props: {
  actor?: string;
  csrf?: string;
  items: AuditRow[];
  next: string | null;
}) {
  return (
    <Layout title="Audit log" actor={props.actor} csrf={props.csrf}>
      <h1>Audit log</h1>
      <table class="audit-log">
        <thead>
          <tr>
            <th>When</th>
            <th>Decision</th>
            <th>Account</th>
            <th>Rules</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((r) => (
            <tr key={r.id}>
              <td>{new Date(r.at).toISOString().slice(0, 19).replace("T", " ")}</td>
              <td>{r.action}</td>
              <td>
                {r.accountId
                  ? <a href={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</a>
                  : "—"}
              </td>
              <td>{r.ruleNames.join(", ")}</td>
              <td>{r.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next ? <a href={props.next}>Older</a> : null}
    </Layout>
  );
}
