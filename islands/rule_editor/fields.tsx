/** The rule editor's form controls, each with the errors the API reported for it. */
import type { ComponentChildren } from "preact";
import { type Draft, type DraftField, paramControls } from "./draft.ts";

/** The choices the server offers (from rules/schema.ts, so the bundle carries no zod). */
export interface EditorOptions {
  detectors: string[];
  textFields: string[];
  defaultTextFields: string[];
  checks: Record<string, string[]>;
  categories: string[];
}

/** A rule of the Mastodon server, as GET /api/v1/instance/rules lists it. */
export interface InstanceRule {
  id: string;
  text: string;
}

type Errors = Partial<Record<DraftField, string[]>>;
type Set = (patch: Partial<Draft>) => void;

const PATTERN_HINTS: Record<string, string> = {
  keyword: "One term per line (or comma-separated).",
  regex: "A regular expression, e.g. free\\s+(crypto|coins).",
  link: "Domains one per line, or a number for link_ratio.",
  media: "Hashes or types one per line, or a number for missing_alt.",
  account: "The limit the check compares with, e.g. 24 for max_age_hours.",
  behavior: "The limit, e.g. 5 statuses for rate.",
  campaign: "How many distinct accounts, e.g. 5.",
};

function Field(
  props: {
    id: DraftField;
    label: string;
    hint?: string;
    errors: Errors;
    children: ComponentChildren;
  },
) {
  const errs = props.errors[props.id] ?? [];
  return (
    <div class="field" data-field={props.id}>
      <label for={`rule-${props.id}`}>
        {props.label} {props.hint ? <span class="hint">{props.hint}</span> : null}
      </label>
      {props.children}
      {errs.map((e, i) => <p key={i} class="field-error" role="alert">{e}</p>)}
    </div>
  );
}

const value = (e: Event) => (e.target as HTMLInputElement).value;
const cls = (errors: Errors, f: DraftField) => (errors[f]?.length ? "invalid" : undefined);

function Choice(
  props: {
    id: DraftField;
    value: string;
    options: string[];
    set: (v: string) => void;
    errors: Errors;
  },
) {
  return (
    <select
      id={`rule-${props.id}`}
      name={props.id}
      class={cls(props.errors, props.id)}
      value={props.value}
      onChange={(e) => props.set(value(e))}
    >
      {props.options.map((o) => <option key={o} value={o}>{o || "—"}</option>)}
    </select>
  );
}

function toggle(list: string[], item: string, on: boolean): string[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

/** What the rule is: name, description, detector and its pattern and params. */
export function WhatFields(
  { d, set, errors, options }: { d: Draft; set: Set; errors: Errors; options: EditorOptions },
) {
  const c = paramControls(d.detector_type);
  return (
    <fieldset>
      <legend>What it looks for</legend>
      <div class="row">
        <Field id="name" label="Name" errors={errors}>
          <input
            id="rule-name"
            name="name"
            type="text"
            class={cls(errors, "name")}
            value={d.name}
            onInput={(e) => set({ name: value(e) })}
          />
        </Field>
        <Field id="detector_type" label="Detector" errors={errors}>
          <Choice
            id="detector_type"
            value={d.detector_type}
            options={options.detectors}
            errors={errors}
            set={(v) => set({ detector_type: v, check: "" })}
          />
        </Field>
      </div>
      <Field id="description" label="Description" hint="What it catches and why" errors={errors}>
        <textarea
          id="rule-description"
          name="description"
          rows={2}
          value={d.description}
          onInput={(e) => set({ description: value(e) })}
        />
      </Field>
      {c.check
        ? (
          <Field id="check" label="Check" errors={errors}>
            <Choice
              id="check"
              value={d.check}
              options={["", ...(options.checks[d.detector_type] ?? [])]}
              errors={errors}
              set={(v) => set({ check: v })}
            />
          </Field>
        )
        : null}
      <Field id="pattern" label="Pattern" hint={PATTERN_HINTS[d.detector_type]} errors={errors}>
        <textarea
          id="rule-pattern"
          name="pattern"
          rows={3}
          class={cls(errors, "pattern")}
          value={d.pattern}
          onInput={(e) => set({ pattern: value(e) })}
        />
      </Field>
      {c.match
        ? (
          <Field id="match" label="Match" errors={errors}>
            <Choice
              id="match"
              value={d.match}
              options={["word", "substring"]}
              errors={errors}
              set={(v) => set({ match: v })}
            />
          </Field>
        )
        : null}
      {c.caseSensitive
        ? (
          <div class="checks" data-field="case_sensitive">
            <label>
              <input
                type="checkbox"
                name="case_sensitive"
                checked={d.case_sensitive}
                onChange={(e) => set({ case_sensitive: (e.target as HTMLInputElement).checked })}
              />
              Case-sensitive
            </label>
          </div>
        )
        : null}
      {c.targetFields
        ? (
          <Field
            id="target_fields"
            label="Look in"
            hint={`none ticked: ${options.defaultTextFields.join(", ")}`}
            errors={errors}
          >
            <div class="checks" id="rule-target_fields">
              {options.textFields.map((f) => (
                <label key={f}>
                  <input
                    type="checkbox"
                    name="target_fields"
                    value={f}
                    checked={d.target_fields.includes(f)}
                    onChange={(e) =>
                      set({
                        target_fields: toggle(
                          d.target_fields,
                          f,
                          (e.target as HTMLInputElement).checked,
                        ),
                      })}
                  />
                  {f}
                </label>
              ))}
            </div>
          </Field>
        )
        : null}
    </fieldset>
  );
}

/** How it counts: weight, a second pattern, mode, category, the server rules it cites. */
export function HowFields(props: {
  d: Draft;
  set: Set;
  errors: Errors;
  options: EditorOptions;
  instanceRules: InstanceRule[] | string;
}) {
  const { d, set, errors } = props;
  const listed = Array.isArray(props.instanceRules) ? props.instanceRules : [];
  const unknown = d.instance_rule_ids.filter((id) => !listed.some((r) => r.id === id));
  return (
    <fieldset>
      <legend>How it counts</legend>
      <div class="row">
        <Field id="weight" label="Weight" hint="added to the score when it hits" errors={errors}>
          <input
            id="rule-weight"
            name="weight"
            type="number"
            step="any"
            class={cls(errors, "weight")}
            value={d.weight}
            onInput={(e) => set({ weight: value(e) })}
          />
        </Field>
        <Field id="mode" label="Mode" hint="shadow: scored apart, never reported" errors={errors}>
          <Choice
            id="mode"
            value={d.mode}
            options={["shadow", "report"]}
            errors={errors}
            set={(v) => set({ mode: v })}
          />
        </Field>
        <Field id="category" label="Report category" errors={errors}>
          <Choice
            id="category"
            value={d.category}
            options={props.options.categories}
            errors={errors}
            set={(v) => set({ category: v })}
          />
        </Field>
      </div>
      <div class="row">
        <Field
          id="boolean_operator"
          label="Second pattern"
          hint="AND: both must match; OR: either"
          errors={errors}
        >
          <Choice
            id="boolean_operator"
            value={d.boolean_operator}
            options={["", "AND", "OR"]}
            errors={errors}
            set={(v) => set({ boolean_operator: v as Draft["boolean_operator"] })}
          />
        </Field>
        {d.boolean_operator
          ? (
            <Field id="secondary_pattern" label="Secondary pattern" errors={errors}>
              <input
                id="rule-secondary_pattern"
                name="secondary_pattern"
                type="text"
                class={cls(errors, "secondary_pattern")}
                value={d.secondary_pattern}
                onInput={(e) => set({ secondary_pattern: value(e) })}
              />
            </Field>
          )
          : null}
      </div>
      <Field
        id="instance_rule_ids"
        label="Server rules it enforces"
        hint="cited in the report"
        errors={errors}
      >
        <div class="checks" id="rule-instance_rule_ids">
          {typeof props.instanceRules === "string"
            ? <span class="hint">{props.instanceRules}</span>
            : listed.length === 0
            ? <span class="hint">This server lists no rules.</span>
            : null}
          {[...listed, ...unknown.map((id) => ({ id, text: `rule ${id} (no longer listed)` }))].map(
            (r) => (
              <label key={r.id}>
                <input
                  type="checkbox"
                  name="instance_rule_ids"
                  value={r.id}
                  checked={d.instance_rule_ids.includes(r.id)}
                  onChange={(e) =>
                    set({
                      instance_rule_ids: toggle(
                        d.instance_rule_ids,
                        r.id,
                        (e.target as HTMLInputElement).checked,
                      ),
                    })}
                />
                {r.text}
              </label>
            ),
          )}
        </div>
      </Field>
      <Field
        id="more_params"
        label="More parameters (JSON)"
        hint='e.g. {"min_statuses": 3}'
        errors={errors}
      >
        <textarea
          id="rule-more_params"
          name="more_params"
          rows={2}
          class={cls(errors, "more_params")}
          value={d.more_params}
          onInput={(e) => set({ more_params: value(e) })}
        />
      </Field>
      <div class="checks" data-field="enabled">
        <label>
          <input
            type="checkbox"
            name="enabled"
            checked={d.enabled}
            onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })}
          />
          Enabled (scores accounts as they arrive)
        </label>
      </div>
    </fieldset>
  );
}
