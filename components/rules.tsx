/**
 * The rules list: every live rule with its mode, state, hits and what moderators decided about
 * its reports (noisy ones flagged); a button to make a new one, another to sync outcomes now.
 */
import type { RuleRecord } from "../db/rules.ts";
import { Layout, type Viewer } from "./layout.tsx";
import { PrecisionCell, ReportsCell, type RuleFigures } from "./rule_quality.tsx";
import { Pill, Table } from "./table.tsx";

/** The enable/disable form of a rule (the API flips it; the page comes back). */
export function ToggleForm(props: { rule: RuleRecord; csrf?: string }) {
  const r = props.rule;
  return (
    <form method="post" action={`/rules/${r.id}/toggle`} class="inline">
      <input type="hidden" name="csrf" value={props.csrf ?? ""} />
      <Pill tone={r.enabled ? "on" : "off"}>{r.enabled ? "enabled" : "disabled"}</Pill>{" "}
      <button type="submit" class="secondary" data-rule-toggle={r.id}>
        {r.enabled ? "Disable" : "Enable"}
      </button>
    </form>
  );
}

/** The rules page. */
export function RulesPage(
  props: Viewer & {
    rules: RuleRecord[];
    /** Hits and reports by outcome per rule id over `days`. */
    quality: Record<string, RuleFigures>;
    days: number;
  },
) {
  return (
    <Layout title="Rules" active="/rules" actor={props.actor} csrf={props.csrf}>
      <h1>Rules</h1>
      <div class="actions">
        <a class="button" href="/rules/new" data-new-rule>New rule</a>
        <a href="/rules/export">Export as JSON</a>
        <form method="post" action="/outcomes/sync" class="inline">
          <input type="hidden" name="csrf" value={props.csrf ?? ""} />
          <button type="submit" class="secondary" data-sync-outcomes>
            Read moderators' decisions now
          </button>
        </form>
      </div>
      <Table
        class="rules"
        empty="No rules yet. Create one, or import the starter pack (POST /rules/import)."
        rows={props.rules}
        columns={[
          {
            head: "Rule",
            cell: (r) => (
              <>
                <a href={`/rules/${r.id}`}>{r.name}</a>
                {r.description ? <div class="hint">{r.description}</div> : null}
              </>
            ),
          },
          { head: "Detector", cell: (r) => r.detector_type },
          { head: "Weight", num: true, cell: (r) => r.weight },
          {
            head: "Mode",
            cell: (r) => <Pill tone={r.mode === "report" ? "warn" : "off"}>{r.mode}</Pill>,
          },
          { head: "State", cell: (r) => <ToggleForm rule={r} csrf={props.csrf} /> },
          {
            head: `Hits, ${props.days} d`,
            num: true,
            cell: (r) => <span data-hits={r.id}>{props.quality[r.id]?.hits ?? 0}</span>,
          },
          {
            head: `Precision, ${props.days} d`,
            cell: (r) => (
              <>
                <PrecisionCell id={r.id} f={props.quality[r.id]} />
                <div class="hint">
                  <ReportsCell id={r.id} f={props.quality[r.id]} />
                </div>
              </>
            ),
          },
          { head: "Version", num: true, cell: (r) => r.version },
        ]}
      />
      <p class="hint">
        Shadow rules are scored apart and never cause a report; a rule's page shows what it would
        have reported, to promote it once its hits look right. Precision is the share of its decided
        reports that moderators actioned; a rule most of whose reports were dismissed is flagged
        noisy, with what to change on its page.
      </p>
    </Layout>
  );
}
