/**
 * The workflow's view of the rules engine: a compiled rule set that evaluates one input, and
 * the engine's campaign keys. Kept small so that the engine can change behind it.
 */
import type { CompiledRuleSet } from "../rules/compile.ts";
import { evaluate } from "../rules/engine.ts";
import type { RuleCache } from "../rules/rule_cache.ts";
import type { EvaluatorPool } from "../rules/offthread/pool.ts";
import { offThreadRuleSet } from "../rules/offthread/rule_set.ts";
import type { EngineInput, Verdict } from "../rules/types.ts";
export { type CampaignKeys, campaignKeys } from "../rules/fingerprint.ts";
export type { EngineInput, Evidence, Hit, Verdict } from "../rules/types.ts";

/** The active rules, compiled: a pure evaluation and the version of each rule by name. */
export interface RuleSet {
  evaluate(input: EngineInput): Verdict;
  /** The same evaluation in a worker, off the event loop, when the set offers it. */
  evaluateOffThread?(input: EngineInput): Promise<Verdict>;
  versions: Record<string, number>;
}

/** Wraps the engine's compiled rule set. */
export function ruleSetOf(set: CompiledRuleSet): RuleSet {
  return {
    evaluate: (input) => evaluate(set, input),
    versions: Object.fromEntries(set.rules.map((r) => [r.hit.name, r.hit.version ?? 1])),
  };
}

/**
 * The `rules` dependency over the engine's cache; throws (and the run retries) when unreadable.
 * With a pool, the score step evaluates in its workers, off the event loop.
 */
export function rulesFromCache(
  cache: RuleCache,
  pool?: Pick<EvaluatorPool, "evaluate">,
): () => Promise<RuleSet> {
  return async () => {
    const set = await cache.current();
    return pool ? offThreadRuleSet(set, pool) : ruleSetOf(set);
  };
}
