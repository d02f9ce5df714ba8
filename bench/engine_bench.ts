/** `deno bench -A bench/engine_bench.ts`: the engine against bare regexes over the same corpus. */
import { accountCorpus, bareRegexes, bareScan, benchRuleSet, corpus } from "./corpus.ts";
import { evaluateParsed } from "../rules/engine.ts";

const inputs = corpus();
const set = await benchRuleSet();
const regexes = bareRegexes();
const accounts = accountCorpus();

Deno.bench({
  name: `bare regexes (${regexes.length}) over ${inputs.length} raw statuses`,
  group: "corpus",
  baseline: true,
  fn() {
    for (const input of inputs) bareScan(regexes, input);
  },
});

Deno.bench({
  name: `engine (${set.rules.length} rules, normalised) over ${inputs.length} statuses`,
  group: "corpus",
  fn() {
    for (const input of inputs) evaluateParsed(set, input);
  },
});

Deno.bench({
  name: `engine over ${accounts.length} accounts with up to 20 statuses each`,
  group: "accounts",
  fn() {
    for (const input of accounts) evaluateParsed(set, input);
  },
});
