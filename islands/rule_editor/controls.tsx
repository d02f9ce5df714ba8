/** The pieces every rule editor control is made of: a labelled field with its errors, a choice. */
import type { ComponentChildren } from "preact";
import type { Draft, DraftField } from "./draft.ts";

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

/** The API's messages by control. */
export type Errors = Partial<Record<DraftField, string[]>>;
/** Changes part of the draft. */
export type Set = (patch: Partial<Draft>) => void;

/** What a pattern means for each detector. */
export const PATTERN_HINTS: Record<string, string> = {
  keyword: "One term per line (or comma-separated).",
  regex: "A regular expression, e.g. free\\s+(crypto|coins).",
  link: "Domains one per line, or a number for link_ratio.",
  media: "Hashes or types one per line, or a number for missing_alt.",
  account: "The limit the check compares with, e.g. 24 for max_age_hours.",
  behavior: "The limit, e.g. 5 statuses for rate.",
  campaign: "How many distinct accounts, e.g. 5.",
};

/** A labelled control with the errors reported for it. */
export function Field(
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

/** The value of an input's event. */
export const value = (e: Event) => (e.target as HTMLInputElement).value;
/** The class that marks a control with errors. */
export const cls = (errors: Errors, f: DraftField) => (errors[f]?.length ? "invalid" : undefined);

/** A select over fixed options. */
export function Choice(
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

/** A list with `item` added or removed. */
export function toggle(list: string[], item: string, on: boolean): string[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}
