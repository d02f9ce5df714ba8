/**
 * The workflow's view of the rules engine: a compiled rule set that evaluates one input, and
 * the engine's campaign keys. Kept small so that the engine can change behind it.
 */
import type { EngineInput, Verdict } from "../rules/types.ts";
export { type CampaignKeys, campaignKeys } from "../rules/fingerprint.ts";
export type { EngineInput, Evidence, Hit, Verdict } from "../rules/types.ts";

/** The active rules, compiled: a pure evaluation and the version of each rule by name. */
export interface RuleSet {
  evaluate(input: EngineInput): Verdict;
  versions: Record<string, number>;
}
