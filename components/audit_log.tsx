/** The audit log page: one row per decision, newest first, a filter form and paging. */
import type { AuditRow } from "../db/audit.ts";
import { Layout, type Viewer } from "./layout.tsx";
import { fmtTime, Table } from "./table.tsx";

/** The filters as the form holds them. */
export type AuditFilterForm = Partial<
  Record<"account_id" | "rule" | "action" | "since" | "until", string>
>;

function Input(
  props: {
    name: keyof AuditFilterForm;
    label: string;
    value?: string;
    type?: "text" | "datetime-local";
  },
) {
  return (
    <div>
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.type === "datetime-local"
        ? (
          <input
            id={`f-${props.name}`}
            type="datetime-local"
            name={props.name}
            value={props.value}
          />
        )
        : <input id={`f-${props.name}`} type="text" name={props.name} value={props.value} />}
    </div>
  );
}

/** The audit log page. */
export function AuditLogPage(
  props: Viewer & {
    filter: AuditFilterForm;
    items: AuditRow[];
    next: string | null;
    first: string | null;
  },
) {
  const f = props.filter;
  const filtered = Object.values(f).some((v) => v);
  return (
    <Layout title="Audit log" active="/logs" actor={props.actor} csrf={props.csrf}>
      <h1>Audit log</h1>
      <form method="get" action="/logs" class="filters card" role="search">
        <Input name="account_id" label="Account id" value={f.account_id} />
        <Input name="rule" label="Rule name" value={f.rule} />
        <Input name="action" label="Decision" value={f.action} />
        <Input name="since" label="From (UTC)" type="datetime-local" value={f.since} />
        <Input name="until" label="Until (UTC)" type="datetime-local" value={f.until} />
        <div class="actions">
          <button type="submit">Filter</button>
          <a href="/logs">Clear</a>
        </div>
      </form>
      <Table
        class="audit-log"
        empty={filtered
          ? "No decision matches these filters. Widen them or clear them."
          : "Nothing recorded yet: every decision (report filed, skipped, setting changed) appears here."}
        rows={props.items}
        columns={[
          { head: "When", cell: (r) => fmtTime(r.at) },
          { head: "Decision", cell: (r) => r.action },
          {
            head: "Account",
            cell: (r) =>
              r.accountId
                ? <a href={`/accounts/${encodeURIComponent(r.accountId)}`}>{r.accountId}</a>
                : "—",
          },
          { head: "Rules", cell: (r) => r.ruleNames.join(", ") || "—" },
          { head: "By", cell: (r) => r.actor },
        ]}
      />
      <div class="pager">
        {props.first ? <a href={props.first}>Newest</a> : null}
        {props.next ? <a href={props.next} rel="next">Older</a> : null}
      </div>
    </Layout>
  );
}
