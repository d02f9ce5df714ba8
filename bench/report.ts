/**
 * `deno run -A bench/report.ts`: statuses per second and per-status latency (p50, p99)
 * of the engine and of the bare-regex baseline over the benchmark corpus.
 */
import { bareRegexes, bareScan, benchRuleSet, corpus } from "./corpus.ts";
import { evaluateParsed } from "../rules/engine.ts";
import type { ParsedInput } from "../rules/types.ts";

const ROUNDS = 10;

function measure(inputs: ParsedInput[], fn: (i: ParsedInput) => unknown) {
  for (let r = 0; r < 3; r++) for (const i of inputs) fn(i); // warm up the JIT
  // Throughput without per-call timers, then latency with them.
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const i of inputs) fn(i);
  const total = performance.now() - started;
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const i of inputs) {
      const t = performance.now();
      fn(i);
      samples.push(performance.now() - t);
    }
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return {
    perSecond: Math.round(samples.length / (total / 1000)),
    p50_us: +(q(0.5) * 1000).toFixed(1),
    p99_us: +(q(0.99) * 1000).toFixed(1),
    max_us: +(samples[samples.length - 1] * 1000).toFixed(1),
  };
}

if (import.meta.main) {
  const inputs = corpus();
  const set = await benchRuleSet();
  const regexes = bareRegexes();
  const engine = measure(inputs, (i) => evaluateParsed(set, i));
  const bare = measure(inputs, (i) => bareScan(regexes, i));
  console.log(
    `corpus: ${inputs.length} statuses; engine: ${set.rules.length} rules; bare: ${regexes.length} regexes`,
  );
  console.table({ engine, bare });
  console.log(
    `engine throughput is ${(engine.perSecond / bare.perSecond).toFixed(2)}x the bare regexes'`,
  );
}
