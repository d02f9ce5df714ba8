/**
 * Compiles rules once per rule-set version: every keyword of every rule goes into one matcher,
 * every regex is compiled on the engine its safety verdict chose, and each rule becomes one or
 * two pure conditions.
 */
import { AhoCorasick } from "./aho.ts";
import type { CompileContext, Condition } from "./condition.ts";
import { accountCondition } from "./detectors/account.ts";
import { behaviorCondition } from "./detectors/behavior.ts";
import { campaignCondition } from "./detectors/campaign.ts";
import { linkCondition } from "./detectors/link.ts";
import { mediaCondition } from "./detectors/media.ts";
import { keywordCondition, regexCondition } from "./detectors/text.ts";
import { type CheckRequest, regexChecker } from "./regex_checker.ts";
import type { RegexVerdict } from "./regex_safety.ts";
import {
  DEFAULT_TEXT_FIELDS,
  type DetectorType,
  PARAMS,
  type Params,
  type StoredRule,
  type TextField,
} from "./schema.ts";
import type { HitRule } from "./types.ts";

/** A rule ready to evaluate. */
export interface CompiledRule {
  source: StoredRule;
  hit: HitRule;
  weight: number;
  primary: Condition;
  operator?: "AND" | "OR";
  secondary?: Condition;
  /** Which engine runs each of the rule's regexes, for explanations. */
  regexEngines: string[];
}

/** A compiled set of enabled rules and the rules that could not be compiled (and why). */
export interface CompiledRuleSet {
  rules: CompiledRule[];
  keywords: AhoCorasick;
  /** The fields some keyword rule reads: each is searched once per evaluation. */
  keywordFields: TextField[];
  errors: { rule: string; message: string }[];
  /** What the set was compiled from, so that another thread can compile the same set. */
  source: { rules: StoredRule[]; verdicts: [string, RegexVerdict][] };
  /** Regexes running on re2js until their check lands; a recompile then moves them to V8. */
  unchecked: { source: string; caseSensitive: boolean }[];
}

/** Regex verdicts keyed by `regexKey`. */
export type RegexVerdicts = Map<string, RegexVerdict>;

/** The key of a regex in a verdict map. */
export function regexKey(source: string, caseSensitive: boolean): string {
  return `${caseSensitive ? "cs" : "ci"}/${source}`;
}

function condition(
  type: DetectorType,
  pattern: string,
  params: unknown,
  fields: TextField[],
  ctx: CompileContext,
): Condition {
  switch (type) {
    case "keyword":
      return keywordCondition(pattern, params as Params<"keyword">, fields, ctx);
    case "regex":
      return regexCondition(pattern, params as Params<"regex">, fields, ctx);
    case "link":
      return linkCondition(pattern, params as Params<"link">);
    case "media":
      return mediaCondition(pattern, params as Params<"media">);
    case "account":
      return accountCondition(pattern, params as Params<"account">);
    case "behavior":
      return behaviorCondition(pattern, params as Params<"behavior">);
    case "campaign":
      return campaignCondition(pattern, params as Params<"campaign">);
  }
}

/** The detector and params that read a rule's secondary pattern. */
export function secondaryOf(rule: StoredRule): { type: DetectorType; params: unknown } {
  const type = rule.params.secondary_detector;
  if (!type) return { type: rule.detector_type, params: rule.params };
  return { type, params: PARAMS[type].parse(rule.params.secondary_params ?? {}) };
}

/** Compiles enabled rules; regexes without a verdict run on the linear-time engine. */
export function compileRuleSet(
  rules: StoredRule[],
  verdicts: RegexVerdicts = new Map(),
): CompiledRuleSet {
  const terms = new Map<string, number>();
  const keywordFields = new Set<TextField>();
  const used: string[] = [];
  const ctx: CompileContext = {
    termId(term, fields) {
      for (const f of fields) keywordFields.add(f);
      let id = terms.get(term);
      if (id === undefined) terms.set(term, id = terms.size);
      return id;
    },
    regexEngine(source, cs) {
      const v = verdicts.get(regexKey(source, cs));
      if (v && !v.ok) throw new Error(`regex ${v.reason}`);
      if (v?.ok) used.push(`${v.engine}: ${v.reason}`);
      return v?.ok ? v.engine : undefined;
    },
  };
  const compiled: CompiledRule[] = [];
  const errors: CompiledRuleSet["errors"] = [];
  const unchecked: CompiledRuleSet["unchecked"] = [];
  const isUnchecked = (r: { source: string; caseSensitive: boolean }) => {
    const v = verdicts.get(regexKey(r.source, r.caseSensitive));
    return v?.ok === true && v.provisional === true;
  };
  for (const rule of rules) {
    if (!rule.enabled) continue;
    used.length = 0;
    try {
      const fields = rule.target_fields?.length ? rule.target_fields : DEFAULT_TEXT_FIELDS;
      const primary = condition(rule.detector_type, rule.pattern, rule.params, fields, ctx);
      let secondary: Condition | undefined;
      if (rule.boolean_operator && rule.secondary_pattern != null) {
        const s = secondaryOf(rule);
        secondary = condition(s.type, rule.secondary_pattern, s.params, fields, ctx);
      }
      compiled.push({
        source: rule,
        hit: {
          ...(rule.id === undefined ? {} : { id: rule.id }),
          name: rule.name,
          ...(rule.version === undefined ? {} : { version: rule.version }),
          mode: rule.mode,
          category: rule.category,
          instance_rule_ids: rule.instance_rule_ids,
        },
        weight: rule.weight,
        primary,
        operator: secondary ? rule.boolean_operator ?? undefined : undefined,
        secondary,
        regexEngines: [...used],
      });
      unchecked.push(...regexesOf(rule).filter(isUnchecked));
    } catch (err) {
      errors.push({ rule: rule.name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return {
    rules: compiled,
    keywords: new AhoCorasick([...terms.keys()]),
    keywordFields: [...keywordFields],
    errors,
    source: { rules, verdicts: [...verdicts] },
    unchecked,
  };
}

/** Every regex a rule runs, with its case sensitivity. */
export function regexesOf(rule: StoredRule): { source: string; caseSensitive: boolean }[] {
  const out: { source: string; caseSensitive: boolean }[] = [];
  if (rule.detector_type === "regex") {
    out.push({ source: rule.pattern, caseSensitive: rule.params.case_sensitive });
  }
  if (rule.boolean_operator && rule.secondary_pattern != null) {
    const s = secondaryOf(rule);
    if (s.type === "regex") {
      const cs = (s.params as Params<"regex">).case_sensitive;
      out.push({ source: rule.secondary_pattern, caseSensitive: cs });
    }
  }
  return out;
}

async function withVerdicts(
  rules: StoredRule[],
  verdictOf: (source: string, caseSensitive: boolean) => Promise<RegexVerdict>,
): Promise<CompiledRuleSet> {
  const regexes = rules.filter((r) => r.enabled).flatMap(regexesOf);
  const verdicts = await Promise.all(regexes.map((r) => verdictOf(r.source, r.caseSensitive)));
  const map: RegexVerdicts = new Map(
    regexes.map((r, i) => [regexKey(r.source, r.caseSensitive), verdicts[i]]),
  );
  return compileRuleSet(rules, map);
}

/** Waits for every regex's safety check, then compiles: for tools, benchmarks and tests. */
export function prepareRuleSet(rules: StoredRule[]): Promise<CompiledRuleSet> {
  return withVerdicts(rules, (s, cs) => regexChecker.assess(s, cs));
}

/**
 * Compiles without waiting for safety checks: checked regexes run on their engine, unchecked
 * ones on re2js while `checks` queues their check. Only a regex re2js cannot run is waited for
 * (bounded; see regex_checker.ts). For request paths and the rule cache.
 */
export function prepareRuleSetNow(
  rules: StoredRule[],
  checks: CheckRequest,
): Promise<CompiledRuleSet> {
  return withVerdicts(rules, (s, cs) => checks.usable(s, cs));
}
