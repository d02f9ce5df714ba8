/** What a compiled detector is: a pure function from the prepared input to its evidence. */
import type { TermHit } from "./aho.ts";
import type { Prepared, Target } from "./prepare.ts";
import type { TextField } from "./schema.ts";
import type { Evidence } from "./types.ts";

/** A keyword occurrence in one target. */
export interface KeywordHit {
  target: Target;
  hit: TermHit;
}

/** Per-evaluation caches shared by the conditions. */
export interface Memo {
  /** Every occurrence of every keyword in every field a keyword rule reads, by term id. */
  keywordHits(): Map<number, KeywordHit[]>;
}

/** A compiled condition; an empty list means no match. */
export type Condition = (p: Prepared, memo: Memo) => Evidence[];

/** Services the compiler offers detectors: the shared keyword registry and regex verdicts. */
export interface CompileContext {
  /** The id of a (normalised) term in the one combined keyword matcher, read in `fields`. */
  termId(term: string, fields: readonly TextField[]): number;
  /** The engine a verdict chose for a pattern; undefined when it was not assessed. */
  regexEngine(source: string, caseSensitive: boolean): "v8" | "re2" | undefined;
}

/** Evidence items kept per hit: enough to explain, small enough to store. */
export const MAX_EVIDENCE = 5;
