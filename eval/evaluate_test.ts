import assert from "node:assert/strict";
import { compileRuleSet } from "../rules/compile.ts";
import { starterPack } from "../rules/starter_pack.ts";
import { isTuneOnly } from "./corpus.ts";
import { loadCases, scoreCases } from "./evaluate.ts";

Deno.test("the tuning-only cases are all in the tuning half and change no test-half verdict", async () => {
  const cases = await loadCases();
  const extra = cases.filter((c) => isTuneOnly(c.id));
  assert.ok(extra.length > 0);
  assert.ok(extra.every((c) => c.half === "tune"), "a tuning-only case is in the test half");
  // They share the corpus's campaign counters; they are dated so that no counter window of a
  // test case reaches them. Scoring the test half without them must give the same verdicts.
  const set = compileRuleSet(starterPack());
  const withExtra = scoreCases(set, cases, "test");
  const without = scoreCases(set, cases.filter((c) => !isTuneOnly(c.id)), "test");
  assert.equal(withExtra.length, without.length);
  withExtra.forEach((s, i) => {
    assert.equal(s.case.id, without[i].case.id);
    assert.deepEqual(
      s.verdict.hits.map((h) => [h.rule.name, h.weight]),
      without[i].verdict.hits.map((h) => [h.rule.name, h.weight]),
      s.case.id,
    );
  });
});

Deno.test("isTuneOnly() tells a tuning-only id from a family's own", () => {
  assert.ok(isTuneOnly("promo-flood-t03"));
  assert.ok(!isTuneOnly("dm-telegram-03"));
  assert.ok(!isTuneOnly("promo-flood-13"));
});
