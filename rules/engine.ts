/** The rules engine: a pure function from a compiled rule set and an input to a verdict. */
import type { CompiledRule, CompiledRuleSet } from "./compile.ts";
import type { KeywordHit, Memo } from "./condition.ts";
import { Prepared } from "./prepare.ts";
import {
  type EngineInput,
  EngineInputSchema,
  type Evidence,
  type Hit,
  type ParsedInput,
  type Verdict,
} from "./types.ts";

function evidenceOf(rule: CompiledRule, p: Prepared, memo: Memo): Evidence[] {
  const first = rule.primary(p, memo);
  if (!rule.secondary) return first;
  if (rule.operator === "AND") {
    if (first.length === 0) return first;
    const second = rule.secondary(p, memo);
    return second.length ? [...first, ...second] : [];
  }
  return [...first, ...rule.secondary(p, memo)];
}

/** Runs the one combined keyword matcher over every field keyword rules read. */
function searchKeywords(set: CompiledRuleSet, p: Prepared): Map<number, KeywordHit[]> {
  const index = new Map<number, KeywordHit[]>();
  if (set.keywords.size === 0) return index;
  for (const field of set.keywordFields) {
    for (const target of p.targets(field)) {
      if (target.raw === "") continue;
      for (const hit of set.keywords.search(target.text)) {
        const list = index.get(hit.term);
        if (list) list.push({ target, hit });
        else index.set(hit.term, [{ target, hit }]);
      }
    }
  }
  return index;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Evaluates an already-prepared input (lets callers inspect the normalised texts). */
export function evaluatePrepared(set: CompiledRuleSet, p: Prepared): Verdict {
  let index: Map<number, KeywordHit[]> | undefined;
  const memo: Memo = {
    keywordHits: () => index ??= searchKeywords(set, p),
  };
  const hits: Hit[] = [];
  let score = 0;
  let shadow = 0;
  for (const rule of set.rules) {
    const evidence = evidenceOf(rule, p, memo);
    if (evidence.length === 0) continue;
    hits.push({ rule: rule.hit, weight: rule.weight, evidence });
    shadow += rule.weight;
    if (rule.hit.mode === "report") score += rule.weight;
  }
  return { score: round(score), shadow_score: round(shadow), hits };
}

/** Evaluates parsed input. */
export function evaluateParsed(set: CompiledRuleSet, input: ParsedInput): Verdict {
  return evaluatePrepared(set, new Prepared(input));
}

/** Parses Mastodon JSON input (throws a ZodError on a bad shape) and evaluates it. */
export function evaluate(set: CompiledRuleSet, input: EngineInput): Verdict {
  return evaluateParsed(set, EngineInputSchema.parse(input));
}
