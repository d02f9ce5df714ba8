/** The workflows page: runs by state (kept live by an island), failed runs with a retry button. */
import { Island } from "./island.tsx";
import { Layout } from "./layout.tsx";
import LiveStatus from "../islands/LiveStatus.tsx";
import type { Run } from "../workflows/types.ts";

/** The workflows page. */
export function WorkflowsPage(props: {
  actor?: string;
  csrf?: string;
  counts: Record<string, number>;
  failed: Run[];
  dead_letters: { runId: string }[];
  runs: Run[];
}) {
  return (
    <Layout title="Workflows" actor={props.actor} csrf={props.csrf}>
      <h1>Workflows</h1>
      <Island name="LiveStatus" component={LiveStatus} props={{ counts: props.counts }} />
      <h2>Failed runs</h2>
      {props.failed.length === 0 ? <p>None.</p> : (
        <table>
          <thead>
            <tr>
              <th>Run</th>
              <th>Account</th>
              <th>Failed at step</th>
              <th>Error</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.failed.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>
                  <a href={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</a>
                </td>
                <td>{r.resumeStep ?? "—"}</td>
                <td>{r.error ?? ""}</td>
                <td>
                  <form method="post" action={`/workflows/${encodeURIComponent(r.id)}/retry`}>
                    <input type="hidden" name="csrf" value={props.csrf ?? ""} />
                    <button type="submit">Retry</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Dead letters</h2>
      <p>{props.dead_letters.length} message(s) the queue gave up on.</p>
      <ul>
        {props.dead_letters.slice(0, 50).map((d) => (
          <li key={d.runId}>
            <form method="post" action={`/workflows/${encodeURIComponent(d.runId)}/redrive`}>
              {d.runId} <input type="hidden" name="csrf" value={props.csrf ?? ""} />
              <button type="submit">Put back on the queue</button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Recent runs</h2>
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Account</th>
            <th>Trigger</th>
            <th>State</th>
            <th>Score</th>
            <th>Decision</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>
                <a href={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</a>
              </td>
              <td>{r.trigger}</td>
              <td>{r.state}</td>
              <td>{r.score?.toFixed(2) ?? "—"}</td>
              <td>{r.decision ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
