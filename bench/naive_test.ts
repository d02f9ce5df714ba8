/** The naive baseline does the engine's text work: same fields, same verdicts. */
import assert from "node:assert/strict";
import { compileRuleSet } from "../rules/compile.ts";
import { evaluateParsed } from "../rules/engine.ts";
import { accountCorpus } from "./corpus.ts";
import { ruleSets } from "./engine_vs_naive.ts";
import { naivePatterns, naiveScan } from "./naive.ts";

Deno.test("naiveScan() matches the same text rules as the engine on every population account", () => {
  const { rules } = ruleSets().find((s) => s.name.includes("text rules only"))!;
  const set = compileRuleSet(rules);
  const patterns = naivePatterns(rules);
  const names = new Set(patterns.map((p) => p.rule));
  let hits = 0;
  for (const input of accountCorpus()) {
    const engine = evaluateParsed(set, input).hits.map((h) => h.rule.name)
      .filter((n) => names.has(n)).sort();
    const naive = naiveScan(patterns, input).sort();
    assert.deepEqual(naive, engine, `account ${input.account.username}`);
    hits += naive.length;
  }
  assert.ok(hits > 50, `the corpus exercises the rules (${hits} hits)`);
});

Deno.test("naivePatterns() tests the staff-impersonation terms on display names and usernames", () => {
  const pattern = naivePatterns(ruleSets()[0].rules).find((p) => p.fields.includes("username"));
  assert.ok(pattern, "a pattern reads the account's names");
  assert.deepEqual(pattern.fields, ["display_name", "username"]);
  assert.ok(pattern.re.test("official support team"));
  assert.ok(!pattern.re.test("stafford"));
});
