/** The audit log page: one row per decision, newest first, with filters in the query string. */
import { Layout } from "./layout.tsx";

interface Row {
  id: string;
  at: Date;
  action: string;
  actor: string;
  account_id: string | null;
  run_id: string | null;
  rule_names: string[];
}

/** The audit log page. */
export function AuditLogPage(props: {
  actor?: string;
  csrf?: string;
  items: Row[];
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
                {r.account_id
                  ? <a href={`/accounts/${encodeURIComponent(r.account_id)}`}>{r.account_id}</a>
                  : "—"}
              </td>
              <td>{r.rule_names.join(", ")}</td>
              <td>{r.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next ? <a href={props.next}>Older</a> : null}
    </Layout>
  );
}
