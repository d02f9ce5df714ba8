/**
 * The rule editor's form state and its translation to and from rule JSON; and where a field
 * issue from the API (a dotted path such as "params.check" or "rules.0.pattern") is shown.
 */
import type { FieldIssue } from "./api.ts";

/** The form as typed: strings where the moderator types, lists where they tick. */
export interface Draft {
  name: string;
  description: string;
  detector_type: string;
  pattern: string;
  target_fields: string[];
  weight: string;
  boolean_operator: "" | "AND" | "OR";
  secondary_pattern: string;
  mode: string;
  category: string;
  enabled: boolean;
  instance_rule_ids: string[];
  /** params.check, params.match and params.case_sensitive have their own controls. */
  check: string;
  match: string;
  case_sensitive: boolean;
  /** Every other param, as JSON. */
  more_params: string;
}

/** The controls a draft field is shown under. */
export type DraftField = keyof Draft | "form";

const OWN_PARAMS = ["check", "match", "case_sensitive"];

/** A new rule: a keyword rule in shadow mode, disabled until a moderator enables it. */
export function emptyDraft(): Draft {
  return {
    name: "",
    description: "",
    detector_type: "keyword",
    pattern: "",
    target_fields: [],
    weight: "1",
    boolean_operator: "",
    secondary_pattern: "",
    mode: "shadow",
    category: "spam",
    enabled: false,
    instance_rule_ids: [],
    check: "",
    match: "word",
    case_sensitive: false,
    more_params: "{}",
  };
}

/** The draft of a stored rule. */
export function draftOf(rule: Record<string, unknown>): Draft {
  const params = { ...(rule.params as Record<string, unknown> ?? {}) };
  const own = Object.fromEntries(OWN_PARAMS.map((k) => [k, params[k]]));
  for (const k of OWN_PARAMS) delete params[k];
  const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    name: str(rule.name),
    description: str(rule.description),
    detector_type: str(rule.detector_type) || "keyword",
    pattern: str(rule.pattern),
    target_fields: Array.isArray(rule.target_fields) ? rule.target_fields.map(String) : [],
    weight: str(rule.weight ?? 1),
    boolean_operator: rule.boolean_operator === "AND" || rule.boolean_operator === "OR"
      ? rule.boolean_operator
      : "",
    secondary_pattern: str(rule.secondary_pattern),
    mode: str(rule.mode) || "shadow",
    category: str(rule.category) || "spam",
    enabled: rule.enabled !== false,
    instance_rule_ids: Array.isArray(rule.instance_rule_ids)
      ? rule.instance_rule_ids.map(String)
      : [],
    check: str(own.check),
    match: str(own.match) || "word",
    case_sensitive: own.case_sensitive === true,
    more_params: JSON.stringify(params, null, 2),
  };
}

/** Which detectors have a `check` param, a `match` param or `case_sensitive`. */
export function paramControls(type: string) {
  return {
    check: !["keyword", "regex"].includes(type),
    match: type === "keyword",
    caseSensitive: type === "regex",
    targetFields: type === "keyword" || type === "regex",
  };
}

/** The rule JSON of a draft, or the problems found before asking the API. */
export function ruleOf(d: Draft): { rule?: Record<string, unknown>; issues: FieldIssue[] } {
  let more: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(d.more_params.trim() || "{}");
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
    more = parsed;
  } catch {
    return { issues: [{ field: "more_params", message: "must be a JSON object, e.g. {}" }] };
  }
  const c = paramControls(d.detector_type);
  const params: Record<string, unknown> = { ...more };
  if (c.check && d.check) params.check = d.check;
  if (c.match) params.match = d.match;
  if (c.caseSensitive) params.case_sensitive = d.case_sensitive;
  const weight = Number(d.weight);
  return {
    issues: [],
    rule: {
      name: d.name,
      description: d.description,
      detector_type: d.detector_type,
      pattern: d.pattern,
      target_fields: c.targetFields && d.target_fields.length ? d.target_fields : null,
      weight: d.weight.trim() !== "" && Number.isFinite(weight) ? weight : d.weight,
      boolean_operator: d.boolean_operator || null,
      secondary_pattern: d.boolean_operator ? d.secondary_pattern : null,
      mode: d.mode,
      category: d.category,
      enabled: d.enabled,
      instance_rule_ids: d.instance_rule_ids,
      params,
    },
  };
}

/** The control an API field path belongs to ("rules.0." from a dry-run is dropped). */
export function fieldOf(path: string): DraftField {
  const parts = path.replace(/^rules\.\d+\./, "").split(".");
  if (parts[0] === "params") {
    return OWN_PARAMS.includes(parts[1]) ? parts[1] as DraftField : "more_params";
  }
  const known: DraftField[] = [
    "name",
    "description",
    "detector_type",
    "pattern",
    "target_fields",
    "weight",
    "boolean_operator",
    "secondary_pattern",
    "mode",
    "category",
    "enabled",
    "instance_rule_ids",
  ];
  return known.includes(parts[0] as DraftField) ? parts[0] as DraftField : "form";
}

/** Issues grouped by the control that shows them. */
export function issuesByField(issues: FieldIssue[]): Partial<Record<DraftField, string[]>> {
  const out: Partial<Record<DraftField, string[]>> = {};
  for (const i of issues) (out[fieldOf(i.field)] ??= []).push(i.message);
  return out;
}
