/**
 * What the host and an evaluation worker say to each other, and how a worker answers: compiled
 * rule sets cannot cross threads, so a job carries the rule JSON and verdicts the set was
 * compiled from, and the worker compiles its own copy once per rule-set version.
 */
import { type CompiledRuleSet, compileRuleSet } from "../compile.ts";
import { dryRun, dryRunBatch, type DryRunItem } from "../dryrun.ts";
import { evaluate } from "../engine.ts";
import type { EngineInput } from "../types.ts";

/** A compiled set as data: its version id, its sources and the host's rule errors. */
export interface RuleSetSource {
  id: number;
  rules: CompiledRuleSet["source"]["rules"];
  verdicts: CompiledRuleSet["source"]["verdicts"];
  errors: CompiledRuleSet["errors"];
}

/** One evaluation for a worker. */
export type Job =
  | {
    id: number;
    kind: "dryrun";
    set: RuleSetSource;
    item: DryRunItem;
    now: number;
    threshold?: number;
  }
  | {
    id: number;
    kind: "dryrun_batch";
    set: RuleSetSource;
    items: DryRunItem[];
    now: number;
    threshold?: number;
  }
  | { id: number; kind: "evaluate"; set: RuleSetSource; input: EngineInput };

/** A worker's answer to a job, or its signal that it has loaded. */
export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  | { ready: true };

// Rule sets change rarely; a few versions cover a reload racing the requests of the old one.
const CACHED_SETS = 4;
const compiled = new Map<number, CompiledRuleSet>();

function compiledFor(src: RuleSetSource): CompiledRuleSet {
  let set = compiled.get(src.id);
  if (!set) {
    set = { ...compileRuleSet(src.rules, new Map(src.verdicts)), errors: src.errors };
    if (compiled.size >= CACHED_SETS) compiled.delete(compiled.keys().next().value!);
    compiled.set(src.id, set);
  }
  return set;
}

/** Runs one job; never throws (a failure is an answer). */
export function handle(job: Job): Reply {
  try {
    const set = compiledFor(job.set);
    const value = job.kind === "dryrun"
      ? dryRun(set, job.item, new Date(job.now), job.threshold)
      : job.kind === "dryrun_batch"
      ? dryRunBatch(set, job.items, new Date(job.now), job.threshold)
      : evaluate(set, job.input);
    return { id: job.id, ok: true, value };
  } catch (err) {
    return { id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
