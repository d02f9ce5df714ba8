/**
 * A rule's quality on its page and in the rules list: what moderators decided about its
 * reports, a noisy rule's suggested changes, and for a shadow rule what it would have reported
 * and the one-click promotion to report mode.
 */
import type { ShadowPreview } from "../db/rule_quality.ts";
import type { RuleRecord } from "../db/rules.ts";
import type { Noisy } from "../rules/quality.ts";
import { fmtScore, fmtTime, Pill, Table } from "./table.tsx";

/** A rule's figures over a window, as GET /analytics/rules gives them. */
export interface RuleFigures {
  hits: number;
  reports: { open: number; actioned: number; dismissed: number };
  precision: number | null;
  noisy?: Noisy;
}

/** Precision as a percentage, or a dash before any decision. */
export function fmtPrecision(p: number | null): string {
  return p === null ? "—" : `${Math.round(p * 100)}%`;
}

/** The precision cell of the rules list: the figure, and a pill when the rule is noisy. */
export function PrecisionCell(props: { id: string; f?: RuleFigures }) {
  const f = props.f;
  return (
    <span data-precision={props.id}>
      {fmtPrecision(f?.precision ?? null)}
      {f?.noisy
        ? (
          <>
            {" "}
            <Pill tone="bad">noisy</Pill>
          </>
        )
        : null}
    </span>
  );
}

/** The reports of the rules list's precision cell: actioned, dismissed, open. */
export function ReportsCell(props: { id: string; f?: RuleFigures }) {
  const r = props.f?.reports ?? { open: 0, actioned: 0, dismissed: 0 };
  return (
    <span data-reports={props.id}>
      {r.actioned} actioned, {r.dismissed} dismissed, {r.open} open
    </span>
  );
}

/** What moderators decided about the rule's reports, and a noisy rule's suggestions. */
export function QualityCard(props: { f: RuleFigures; days: number }) {
  const { f } = props;
  return (
    <div class="card" data-rule-quality>
      <h2>Moderators' decisions, {props.days} days</h2>
      <p>
        Reports it contributed to: <strong data-actioned>{f.reports.actioned}</strong> actioned,
        {" "}
        <strong data-dismissed>{f.reports.dismissed}</strong> dismissed,{" "}
        <strong data-open>{f.reports.open}</strong> still open. Precision:{" "}
        <strong data-rule-precision>{fmtPrecision(f.precision)}</strong>.
      </p>
      {f.noisy
        ? (
          <div class="banner warn" role="status" data-noisy>
            <p>
              <strong>Noisy:</strong> moderators dismissed {f.noisy.dismissed} of the{" "}
              {f.noisy.decided} reports they decided.
            </p>
            <ul>
              {f.noisy.suggestions.map((s, i) => <li key={i} data-suggestion>{s}</li>)}
            </ul>
          </div>
        )
        : null}
    </div>
  );
}

const OUTCOME: Record<string, string> = {
  actioned: "actioned",
  dismissed: "dismissed",
  open: "report open",
  not_reported: "not reported",
};

/** What a shadow rule would have reported since it was created, and how to promote it. */
export function ShadowCard(props: {
  rule: RuleRecord;
  preview: ShadowPreview;
  threshold: number;
  csrf?: string;
}) {
  const { rule, preview } = props;
  const b = preview.byOutcome;
  return (
    <div class="card" data-shadow-preview>
      <h2>If it had been reporting</h2>
      <p>
        Since it was created ({fmtTime(rule.created_at)}), it would have reported{" "}
        <strong data-would-report>{preview.accounts}</strong>{" "}
        account{preview.accounts === 1 ? "" : "s"} (score with it live ≥{" "}
        {props.threshold}). Of those, moderators actioned{" "}
        <strong data-overlap-actioned>{b.actioned}</strong> and dismissed{" "}
        <strong data-overlap-dismissed>{b.dismissed}</strong> reports of other rules;{" "}
        <strong data-overlap-open>{b.open}</strong> are open and{" "}
        <strong data-overlap-none>{b.not_reported}</strong> were never reported.
      </p>
      <Table
        class="would-report"
        empty="No account would have been reported yet."
        rows={preview.recent}
        columns={[
          {
            head: "Account",
            cell: (w) => <a href={`/accounts/${encodeURIComponent(w.accountId)}`}>{w.acct}</a>,
          },
          { head: "Score with it", num: true, cell: (w) => fmtScore(w.score) },
          {
            head: "Moderators",
            cell: (w) => <span data-outcome={w.outcome}>{OUTCOME[w.outcome]}</span>,
          },
          { head: "Analysed", cell: (w) => fmtTime(w.at) },
        ]}
      />
      {rule.mode === "shadow"
        ? (
          <form method="post" action={`/rules/${rule.id}/promote`} class="promote">
            <input type="hidden" name="csrf" value={props.csrf ?? ""} />
            <label>
              Why it may file reports now
              <input
                type="text"
                name="reason"
                required
                maxLength={1000}
                placeholder="e.g. 12 of 12 would-be reports were actioned"
              />
            </label>
            <div class="actions">
              <button type="submit" data-promote>Promote to report mode</button>
            </div>
          </form>
        )
        : null}
    </div>
  );
}
