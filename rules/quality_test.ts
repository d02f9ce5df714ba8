import assert from "node:assert/strict";
import { noisyAdvice, type QualityInput } from "./quality.ts";

const base: QualityInput = {
  mode: "report",
  reports: { actioned: 1, dismissed: 3 },
  detectorType: "keyword",
  targetFields: [],
  weight: 2,
};

Deno.test("noisyAdvice() flags a rule whose decided reports were mostly dismissed", () => {
  const n = noisyAdvice(base, 1);
  assert.deepEqual([n?.dismissed, n?.decided], [3, 4]);
  assert.equal(n?.suggestions.length, 3);
  assert.match(n!.suggestions[0], /^Narrow its fields: it reads content, spoiler_text/);
  assert.match(n!.suggestions[1], /^Raise its weight threshold: its weight 2 alone reaches/);
  assert.match(n!.suggestions[2], /^Move it back to shadow/);
});

Deno.test("noisyAdvice() leaves alone a rule half dismissed, or with too few decisions", () => {
  assert.equal(noisyAdvice({ ...base, reports: { actioned: 2, dismissed: 2 } }, 1), undefined);
  assert.equal(noisyAdvice({ ...base, reports: { actioned: 0, dismissed: 2 } }, 1), undefined);
});

Deno.test("noisyAdvice() suggests only what applies to the rule", () => {
  const n = noisyAdvice({
    ...base,
    detectorType: "link",
    weight: 0.5,
    mode: "shadow",
  }, 1);
  assert.deepEqual(n?.suggestions, []);
  const one = noisyAdvice({ ...base, targetFields: ["note"], weight: 0.5 }, 1);
  assert.equal(one?.suggestions.length, 1);
  assert.match(one!.suggestions[0], /^Move it back to shadow/);
});
