/**
 * A compiled rule set in the shape the workflow's score step reads (`evaluate`, `versions`),
 * plus `evaluateOffThread`, which scores in the worker pool so that a slow input cannot stall
 * the process; the step uses it when present.
 */
import type { CompiledRuleSet } from "../compile.ts";
import { evaluate } from "../engine.ts";
import type { EngineInput, Verdict } from "../types.ts";
import { type EvaluatorPool, sharedEvaluator } from "./pool.ts";

/** A rule set that can score off the event loop. */
export interface OffThreadRuleSet {
  evaluate(input: EngineInput): Verdict;
  evaluateOffThread(input: EngineInput): Promise<Verdict>;
  versions: Record<string, number>;
}

/** Wraps a compiled set; evaluations off the event loop run in `pool`. */
export function offThreadRuleSet(
  set: CompiledRuleSet,
  pool: Pick<EvaluatorPool, "evaluate"> = sharedEvaluator(),
): OffThreadRuleSet {
  return {
    evaluate: (input) => evaluate(set, input),
    evaluateOffThread: (input) => pool.evaluate(set, input),
    versions: Object.fromEntries(set.rules.map((r) => [r.hit.name, r.hit.version ?? 1])),
  };
}
