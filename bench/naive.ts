/**
 * The rules engine's baseline: the text patterns of the same rules (keyword lists, regexes,
 * the staff-impersonation terms) as plain RegExps, tested one after another on the same
 * normalised fields the engine reads. The fields come from rules/prepare.ts, so the HTML
 * parsing, NFKC, look-alike folding and case folding are the engine's own; what the baseline
 * leaves out is evidence, the shared keyword automaton, re2 for unsafe patterns, and every
 * non-text detector (account, link, media, behaviour, campaign).
 */
import { STAFF_TERMS } from "../rules/detectors/account.ts";
import { normalizeText } from "../rules/normalize.ts";
import { Prepared } from "../rules/prepare.ts";
import { regexFlags } from "../rules/regex_safety.ts";
import { DEFAULT_TEXT_FIELDS, type StoredRule, terms, type TextField } from "../rules/schema.ts";
import type { ParsedInput } from "../rules/types.ts";

/** One pattern of one rule and the fields it is tested on. */
export interface NaivePattern {
  rule: string;
  re: RegExp;
  fields: readonly TextField[];
  /** Test on the text with its letter case (case-sensitive regex rules). */
  cased: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function termsRegex(list: string[], wholeWord: boolean): RegExp {
  const alternatives = list.map(normalizeText).filter((t) => t !== "").map(escape).join("|");
  // The fields are case-folded already, as are the terms.
  return wholeWord ? new RegExp(`\\b(?:${alternatives})\\b`) : new RegExp(alternatives);
}

function textPattern(
  name: string,
  type: string,
  pattern: string,
  params: Record<string, unknown>,
  fields: readonly TextField[],
): NaivePattern | undefined {
  if (type === "keyword") {
    const re = termsRegex(terms(pattern), params.match !== "substring");
    return { rule: name, re, fields, cased: false };
  }
  if (type === "regex") {
    const cased = params.case_sensitive === true;
    return { rule: name, re: new RegExp(pattern, regexFlags(pattern, cased)), fields, cased };
  }
  if (type === "account" && params.check === "staff_impersonation") {
    const list = terms(pattern).length ? terms(pattern) : STAFF_TERMS;
    return {
      rule: name,
      re: termsRegex(list, true),
      fields: ["display_name", "username"],
      cased: false,
    };
  }
  return undefined;
}

const TEXT_DETECTORS = new Set(["keyword", "regex"]);

/**
 * Whether a rule is text work alone: a keyword or regex rule, or the staff-impersonation terms,
 * whose AND-ed second condition (if any) is text too. A text pattern AND-ed with an account or
 * behaviour check is not something a loop of RegExps can decide.
 */
export function isTextRule(r: StoredRule): boolean {
  const params = r.params as Record<string, unknown>;
  const own = TEXT_DETECTORS.has(r.detector_type) ||
    (r.detector_type === "account" && params.check === "staff_impersonation");
  if (!own) return false;
  if (r.boolean_operator !== "AND" || r.secondary_pattern == null) return true;
  const type = (params.secondary_detector as string | undefined) ?? r.detector_type;
  return TEXT_DETECTORS.has(type);
}

/**
 * The text patterns of the enabled text rules (a rule's secondary text pattern counts as its
 * own); rules that combine text with a non-text check are left to the engine.
 */
export function naivePatterns(rules: StoredRule[]): NaivePattern[] {
  const out: NaivePattern[] = [];
  for (const r of rules) {
    if (!r.enabled || !isTextRule(r)) continue;
    const fields = r.target_fields?.length ? r.target_fields : DEFAULT_TEXT_FIELDS;
    const params = r.params as Record<string, unknown>;
    const first = textPattern(r.name, r.detector_type, r.pattern, params, fields);
    if (first) out.push(first);
    if (r.boolean_operator && r.secondary_pattern != null) {
      const type = (params.secondary_detector as string | undefined) ?? r.detector_type;
      const sParams = (params.secondary_params as Record<string, unknown> | undefined) ?? params;
      const second = textPattern(r.name, type, r.secondary_pattern, sParams, fields);
      if (second) out.push(second);
    }
  }
  return out;
}

/** The names of the rules whose patterns match the account's normalised fields. */
export function naiveScan(patterns: NaivePattern[], input: ParsedInput): string[] {
  const p = new Prepared(input);
  const hits: string[] = [];
  for (const pat of patterns) {
    if (hits.at(-1) === pat.rule) continue;
    search: for (const field of pat.fields) {
      for (const target of p.targets(field)) {
        if (target.raw === "") continue;
        if (pat.re.test(pat.cased ? target.casedText : target.text)) {
          hits.push(pat.rule);
          break search;
        }
      }
    }
  }
  return hits;
}
