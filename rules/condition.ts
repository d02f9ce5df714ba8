/** What a compiled detector is: a pure function from the prepared input to its evidence. */
import type { TermHit } from "./aho.ts";
import type { Prepared, Target } from "./prepare.ts";
import type { Evidence } from "./types.ts";

/** Per-evaluation caches shared by the conditions (keyword hits per text). */
export interface Memo {
  termHits(target: Target): TermHit[];
}

/** A compiled condition; an empty list means no match. */
export type Condition = (p: Prepared, memo: Memo) => Evidence[];

/** Services the compiler offers detectors: the shared keyword registry and regex verdicts. */
export interface CompileContext {
  /** The id of a (normalised) term in the one combined keyword matcher. */
  termId(term: string): number;
  /** The engine a verdict chose for a pattern; undefined when it was not assessed. */
  regexEngine(source: string, caseSensitive: boolean): "v8" | "re2" | undefined;
}

/** Evidence items kept per hit: enough to explain, small enough to store. */
export const MAX_EVIDENCE = 5;
