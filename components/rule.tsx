/**
 * One rule: its editor and tester, its hits, what moderators decided about its reports, what it
 * would have reported (and its promotion) in shadow mode, its version history with diffs and
 * reverts.
 */
import type { ShadowPreview } from "../db/rule_quality.ts";
import type { RuleRecord, RuleVersion } from "../db/rules.ts";
import RuleEditor, { type RuleEditorProps } from "../islands/RuleEditor.tsx";
import { Island } from "./island.tsx";
import { Layout, type Viewer } from "./layout.tsx";
import { QualityCard, type RuleFigures, ShadowCard } from "./rule_quality.tsx";
import { ToggleForm } from "./rules.tsx";
import { fmtTime, Table } from "./table.tsx";

/** Props of a rule's page (no rule: the page that creates one). */
export interface RulePageProps extends Viewer {
  rule?: RuleRecord;
  versions: RuleVersion[];
  hits?: { day: number; week: number; month: number };
  editor: Pick<RuleEditorProps, "options" | "accounts">;
  /** The version just saved, to say so. */
  saved?: number;
  /** Its reports by moderators' decision over `qualityDays`. */
  quality?: RuleFigures;
  qualityDays?: number;
  /** What it would have reported since it was created, and REPORT_THRESHOLD. */
  shadow?: { preview: ShadowPreview; threshold: number };
}

const show = (v: unknown) =>
  v === null || v === undefined
    ? "(none)"
    : typeof v === "string"
    ? v || "(empty)"
    : JSON.stringify(v);

function Changes({ v }: { v: RuleVersion }) {
  const c = v.changes as {
    action?: string;
    fields?: Record<string, { from: unknown; to: unknown }>;
    reason?: string;
  };
  const fields = Object.entries(c.fields ?? {});
  if (c.action === "create" || c.action === "delete") return null;
  if (fields.length === 0) return <span class="muted">no field changed</span>;
  return (
    <ul class="diff">
      {c.reason ? <li data-reason>why: {c.reason}</li> : null}
      {fields.map(([name, d]) => (
        <li key={name}>
          <code>{name}</code>: <del>{show(d.from)}</del> → <ins>{show(d.to)}</ins>
        </li>
      ))}
    </ul>
  );
}

function RevertForm(props: { rule: RuleRecord; version: number; csrf?: string }) {
  return (
    <form method="post" action={`/rules/${props.rule.id}/revert`} class="inline">
      <input type="hidden" name="csrf" value={props.csrf ?? ""} />
      <input type="hidden" name="version" value={String(props.version)} />
      <button type="submit" class="secondary" data-revert={props.version}>
        Revert to this version
      </button>
    </form>
  );
}

function History(props: { rule: RuleRecord; versions: RuleVersion[]; csrf?: string }) {
  return (
    <Table
      class="history"
      empty="No history recorded."
      rows={props.versions}
      columns={[
        { head: "Version", cell: (v) => <span data-version={v.version}>{v.version}</span> },
        {
          head: "Change",
          cell: (v) => (
            <>
              <strong>{(v.changes as { action?: string }).action ?? "update"}</strong>
              <Changes v={v} />
            </>
          ),
        },
        { head: "By", cell: (v) => v.changed_by },
        { head: "When", cell: (v) => fmtTime(v.changed_at) },
        {
          head: "",
          cell: (v) =>
            v.version === props.rule.version
              ? <span class="muted">current</span>
              : <RevertForm rule={props.rule} version={v.version} csrf={props.csrf} />,
        },
      ]}
    />
  );
}

/** A rule's page. */
export function RulePage(props: RulePageProps) {
  const r = props.rule;
  const csrf = props.csrf ?? "";
  return (
    <Layout title={r ? r.name : "New rule"} active="/rules" actor={props.actor} csrf={csrf}>
      <p>
        <a href="/rules">← All rules</a>
      </p>
      <h1>{r ? r.name : "New rule"}</h1>
      {props.saved && props.saved === r?.version
        ? <p class="banner ok" role="status">Saved as version {props.saved}.</p>
        : null}
      {r
        ? (
          <div class="card">
            <p>
              Version <strong data-current-version>{r.version}</strong>, last changed by{" "}
              {r.updated_by} at {fmtTime(r.updated_at)}.
            </p>
            <p data-rule-hits>
              Hits: <strong>{props.hits?.day ?? 0}</strong> in the last day,{" "}
              <strong>{props.hits?.week ?? 0}</strong> in 7 days,{" "}
              <strong>{props.hits?.month ?? 0}</strong> in 30 days.
            </p>
            <ToggleForm rule={r} csrf={csrf} />
          </div>
        )
        : (
          <p class="hint">
            A new rule starts disabled and in shadow mode: test it, then enable it, then switch it
            to report mode when its hits look right.
          </p>
        )}
      {r && props.quality ? <QualityCard f={props.quality} days={props.qualityDays ?? 30} /> : null}
      {r && r.mode === "shadow" && props.shadow
        ? (
          <ShadowCard
            rule={r}
            preview={props.shadow.preview}
            threshold={props.shadow.threshold}
            csrf={csrf}
          />
        )
        : null}
      <h2>{r ? "Edit" : "Define the rule"}</h2>
      <Island
        name="RuleEditor"
        component={RuleEditor}
        props={{ rule: r, csrf, ...props.editor }}
      />
      {r
        ? (
          <>
            <h2>History</h2>
            <History rule={r} versions={props.versions} csrf={csrf} />
            <h2>Delete</h2>
            <form method="post" action={`/rules/${r.id}/delete`} class="card">
              <input type="hidden" name="csrf" value={csrf} />
              <div class="checks">
                <label>
                  <input type="checkbox" name="confirm" value="yes" required /> Yes, delete{" "}
                  {r.name}; its history is kept
                </label>
              </div>
              <div class="actions">
                <button type="submit" class="danger" data-delete-rule>Delete this rule</button>
              </div>
            </form>
          </>
        )
        : null}
    </Layout>
  );
}
