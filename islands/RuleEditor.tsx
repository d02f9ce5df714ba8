/**
 * The rule editor: a form over the rule's fields with the API's errors shown by each field, the
 * server's own rules to cite, a tester, and a backtest offered before saving. Saving creates the
 * rule (POST /rules) or a new version of it (PUT /rules/:id, refused if someone saved meanwhile).
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, type FieldIssue, send } from "./rule_editor/api.ts";
import { type Draft, draftOf, emptyDraft, issuesByField, ruleOf } from "./rule_editor/draft.ts";
import type { EditorOptions, InstanceRule } from "./rule_editor/controls.tsx";
import { HowFields } from "./rule_editor/fields_how.tsx";
import { WhatFields } from "./rule_editor/fields_what.tsx";
import { type RecentAccount, Tester } from "./rule_editor/tester.tsx";
import { BacktestPanel } from "./rule_editor/backtest.tsx";

/** Props: the rule to edit (none to create one), the session's CSRF token, the choices. */
export interface RuleEditorProps {
  rule?: Record<string, unknown> & { id: string; version: number };
  csrf: string;
  options: EditorOptions;
  accounts: RecentAccount[];
}

/** The editor. */
export default function RuleEditor({ rule, csrf, options, accounts }: RuleEditorProps) {
  const [draft, setDraft] = useState<Draft>(rule ? draftOf(rule) : emptyDraft());
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [message, setMessage] = useState("");
  const [saving, setSaving] = useState(false);
  const [instanceRules, setInstanceRules] = useState<InstanceRule[] | string>("Loading…");

  useEffect(() => {
    send<{ rules: InstanceRule[] }>("/api/v1/instance/rules", csrf)
      .then((r) => setInstanceRules(r.rules))
      .catch((err) => setInstanceRules(`The server's rules cannot be read: ${err.message}`));
  }, []);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const current = () => {
    const r = ruleOf(draft);
    if (r.issues.length) {
      setIssues(r.issues);
      setMessage("Correct the marked fields.");
      return undefined;
    }
    return r.rule;
  };

  const save = async () => {
    const body = current();
    if (!body) return;
    setSaving(true);
    try {
      const saved = rule
        ? await send<{ id: string; version: number }>(`/rules/${rule.id}`, csrf, {
          method: "PUT",
          body: { ...body, version: rule.version },
        })
        : await send<{ id: string; version: number }>("/rules", csrf, { method: "POST", body });
      setIssues([]);
      setMessage(`Saved as version ${saved.version}.`);
      location.assign(`/rules/${saved.id}?saved=${saved.version}`);
    } catch (err) {
      const e = err as ApiError;
      setIssues(e.issues ?? []);
      setMessage(
        e.status === 409 ? `${e.message}. Reload the page to see the latest version.` : e.message,
      );
    } finally {
      setSaving(false);
    }
  };

  const errors = issuesByField(issues);
  return (
    <form class="rule-editor" onSubmit={(e) => (e.preventDefault(), save())} noValidate>
      <WhatFields d={draft} set={set} errors={errors} options={options} />
      <HowFields
        d={draft}
        set={set}
        errors={errors}
        options={options}
        instanceRules={instanceRules}
      />
      {message
        ? (
          <div class={issues.length ? "banner bad" : "banner ok"} role="status" data-editor-message>
            <p>{message}</p>
            {(errors.form ?? []).map((m, i) => <p key={i}>{m}</p>)}
          </div>
        )
        : null}
      <BacktestPanel
        csrf={csrf}
        ruleId={rule?.id}
        rule={current}
        onIssues={(list) => {
          setIssues(list);
          if (list.length) setMessage("The rule cannot be backtested: correct the marked fields.");
        }}
      />
      <div class="actions">
        <button type="submit" disabled={saving} data-save-rule>
          {saving ? "Saving…" : rule ? "Save a new version" : "Create the rule"}
        </button>
      </div>
      <Tester
        csrf={csrf}
        accounts={accounts}
        rule={current}
        onIssues={(list) => {
          setIssues(list);
          if (list.length) setMessage("The rule cannot be tested: correct the marked fields.");
        }}
      />
    </form>
  );
}
