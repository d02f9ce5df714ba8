/**
 * The rules engine against the naive baseline of naive.ts, on the accounts of the development
 * server's population (each with up to 20 statuses, bench/corpus.ts), in rounds that alternate
 * the two so that both see the same machine state. `deno run -A bench/engine_vs_naive.ts [rounds]`
 * prints the figures as JSON.
 */
import { type CompiledRuleSet, prepareRuleSet } from "../rules/compile.ts";
import { evaluateParsed } from "../rules/engine.ts";
import type { StoredRule } from "../rules/schema.ts";
import { starterPack } from "../rules/starter_pack.ts";
import type { ParsedInput } from "../rules/types.ts";
import { accountCorpus, keywordRules, regexRules } from "./corpus.ts";
import { median } from "./stats.ts";
import { isTextRule, type NaivePattern, naivePatterns, naiveScan } from "./naive.ts";

/** One rule set's comparison. */
export interface EngineFigures {
  ruleSet: string;
  rules: number;
  /** How many plain RegExps the baseline tests per field. */
  naivePatterns: number;
  accounts: number;
  engineUsPerAccount: number;
  naiveUsPerAccount: number;
  engineAccountsPerSecond: number;
  naiveAccountsPerSecond: number;
  /** Engine throughput over the baseline's. */
  ratio: number;
  /** Share of (account, text rule) pairs on which the engine and the baseline agree. */
  agreement: number;
  /** Which engine runs each of the set's regexes (v8 or re2). */
  regexEngines: Record<string, number>;
}

/** The rule sets compared: the starter pack, the bench set, and the bench set's text rules. */
export function ruleSets(): { name: string; rules: StoredRule[] }[] {
  const bench = [...starterPack(), ...keywordRules(), ...regexRules()];
  return [
    { name: "starter pack", rules: starterPack() },
    { name: "starter pack + 200 keyword + 20 regex rules", rules: bench },
    { name: "the same, text rules only (like for like)", rules: bench.filter(isTextRule) },
  ];
}

function timeRound(inputs: ParsedInput[], fn: (i: ParsedInput) => unknown): number {
  const t = performance.now();
  for (const i of inputs) fn(i);
  return performance.now() - t;
}

function agreement(set: CompiledRuleSet, patterns: NaivePattern[], inputs: ParsedInput[]) {
  const names = new Set(patterns.map((p) => p.rule));
  let same = 0;
  for (const input of inputs) {
    const engine = new Set(evaluateParsed(set, input).hits.map((h) => h.rule.name));
    const naive = new Set(naiveScan(patterns, input));
    for (const n of names) if (engine.has(n) === naive.has(n)) same++;
  }
  return same / (names.size * inputs.length);
}

/** Measures one rule set: warm-up, then `rounds` alternating rounds of each over the corpus. */
export async function compare(
  name: string,
  rules: StoredRule[],
  inputs: ParsedInput[],
  rounds: number,
): Promise<EngineFigures> {
  const set = await prepareRuleSet(rules);
  const patterns = naivePatterns(rules);
  const engine = (i: ParsedInput) => evaluateParsed(set, i);
  const naive = (i: ParsedInput) => naiveScan(patterns, i);
  // Warm the JIT up on both for at least a second before anything counts.
  const warm = performance.now();
  for (let r = 0; r < 5 || performance.now() - warm < 1_000; r++) {
    timeRound(inputs, engine);
    timeRound(inputs, naive);
  }
  const e: number[] = [];
  const n: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a cache the other warmed.
    if (r % 2 === 0) e.push(timeRound(inputs, engine)), n.push(timeRound(inputs, naive));
    else n.push(timeRound(inputs, naive)), e.push(timeRound(inputs, engine));
  }
  const engineMs = median(e);
  const naiveMs = median(n);
  const regexEngines: Record<string, number> = {};
  for (const rule of set.rules) {
    for (const used of rule.regexEngines) {
      const kind = used.split(":")[0];
      regexEngines[kind] = (regexEngines[kind] ?? 0) + 1;
    }
  }
  return {
    ruleSet: name,
    rules: set.rules.length,
    naivePatterns: patterns.length,
    accounts: inputs.length,
    engineUsPerAccount: (engineMs * 1000) / inputs.length,
    naiveUsPerAccount: (naiveMs * 1000) / inputs.length,
    engineAccountsPerSecond: inputs.length / (engineMs / 1000),
    naiveAccountsPerSecond: inputs.length / (naiveMs / 1000),
    ratio: naiveMs / engineMs,
    agreement: agreement(set, patterns, inputs),
    regexEngines,
  };
}

/** Every rule set's comparison. */
export async function measureEngine(rounds = 25): Promise<EngineFigures[]> {
  const inputs = accountCorpus();
  const out: EngineFigures[] = [];
  for (const { name, rules } of ruleSets()) {
    out.push(await compare(name, rules, inputs, rounds));
    console.error(`engine: ${name} measured`);
  }
  return out;
}

if (import.meta.main) {
  console.log(JSON.stringify(await measureEngine(Number(Deno.args[0] ?? 25))));
}
