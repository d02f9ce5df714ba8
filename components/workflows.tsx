/** The workflows page: runs by state (kept live by an island), failed runs and dead letters. */
import { Island } from "./island.tsx";
import { Layout, type Viewer } from "./layout.tsx";
import { fmtScore, fmtTime, Pill, Table } from "./table.tsx";
import LiveStatus from "../islands/LiveStatus.tsx";
import type { Run } from "../workflows/types.ts";

function RunForm(props: { id: string; action: "retry" | "redrive"; csrf?: string; label: string }) {
  return (
    <form
      method="post"
      action={`/workflows/${encodeURIComponent(props.id)}/${props.action}`}
      class="inline"
    >
      <input type="hidden" name="csrf" value={props.csrf ?? ""} />
      <button type="submit" class="secondary">{props.label}</button>
    </form>
  );
}

const WAITING_FOR: Record<NonNullable<Run["reason"]>, string> = {
  panic_stop: "panic stop",
  budget: "daily budget",
  backlog: "moderators' backlog",
};

/** A run's state as a pill: failed in red, done in green; a waiting run says what for. */
export function RunState({ run }: { run: Run }) {
  const tone = run.state === "failed" ? "bad" : run.state === "done" ? "on" : undefined;
  const label = run.state === "waiting" && run.reason
    ? `waiting: ${WAITING_FOR[run.reason]}`
    : run.state;
  return <Pill tone={tone}>{label}</Pill>;
}

const account = (id: string) => <a href={`/accounts/${encodeURIComponent(id)}`}>{id}</a>;

/** The workflows page. */
export function WorkflowsPage(
  props: Viewer & {
    counts: Record<string, number>;
    failed: Run[];
    dead_letters: { runId: string; run?: Run }[];
    runs: Run[];
    next_cursor: string | null;
  },
) {
  return (
    <Layout title="Workflows" active="/workflows" actor={props.actor} csrf={props.csrf}>
      <h1>Workflows</h1>
      <Island name="LiveStatus" component={LiveStatus} props={{ counts: props.counts }} />
      <h2>Failed runs</h2>
      <Table
        class="failed-runs"
        empty="None. A run that fails its last try shows here, to retry once the cause is fixed."
        rows={props.failed}
        columns={[
          { head: "Run", cell: (r) => <code>{r.id}</code> },
          { head: "Account", cell: (r) => account(r.accountId) },
          { head: "Failed at step", cell: (r) => r.resumeStep ?? "—" },
          { head: "Error", cell: (r) => <span class="error">{r.error ?? ""}</span> },
          {
            head: "",
            cell: (r) => <RunForm id={r.id} action="retry" csrf={props.csrf} label="Retry" />,
          },
        ]}
      />
      <h2>Dead letters</h2>
      <Table
        class="dead-letters"
        empty="None: the queue has delivered every message."
        rows={props.dead_letters.slice(0, 100)}
        columns={[
          { head: "Run", cell: (d) => <code>{d.runId}</code> },
          { head: "Account", cell: (d) => d.run ? account(d.run.accountId) : "—" },
          { head: "State", cell: (d) => d.run?.state ?? "unknown" },
          {
            head: "",
            cell: (d) => (
              <RunForm
                id={d.runId}
                action="redrive"
                csrf={props.csrf}
                label="Put back on the queue"
              />
            ),
          },
        ]}
      />
      <h2>Recent runs</h2>
      <Table
        class="recent-runs"
        empty="No run yet: runs start as accounts arrive from Mastodon."
        rows={props.runs}
        columns={[
          { head: "Run", cell: (r) => <code>{r.id}</code> },
          { head: "Account", cell: (r) => account(r.accountId) },
          { head: "Trigger", cell: (r) => r.trigger },
          { head: "State", cell: (r) => <RunState run={r} /> },
          { head: "Score", num: true, cell: (r) => fmtScore(r.score) },
          { head: "Decision", cell: (r) => r.decision ?? "—" },
          { head: "Updated", cell: (r) => fmtTime(r.updatedAt) },
        ]}
      />
      <div class="pager">
        {props.next_cursor
          ? (
            <a href={`/workflows?cursor=${encodeURIComponent(props.next_cursor)}`} rel="next">
              Older runs
            </a>
          )
          : null}
      </div>
    </Layout>
  );
}
