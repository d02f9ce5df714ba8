import assert from "node:assert/strict";
import { FAMILIES, splitIds } from "./corpus.ts";
import { corpusFiles } from "./generate.ts";

Deno.test("the stored cases under eval/cases are exactly what the generator makes", async () => {
  for (const [path, text] of corpusFiles()) {
    const stored = await Deno.readTextFile(new URL(`./cases/${path}`, import.meta.url));
    assert.ok(stored === text, `eval/cases/${path} differs: run deno run -A eval/generate.ts`);
  }
});

Deno.test("splitIds() puts half of a family on each side, decided by the ids alone", () => {
  const ids = Array.from({ length: 13 }, (_, i) => `fam-${i}`);
  const a = splitIds(ids);
  const b = splitIds([...ids].reverse());
  assert.deepEqual([...a].sort(), [...b].sort());
  const tune = [...a.values()].filter((h) => h === "tune").length;
  assert.ok(tune === 6 || tune === 7, `${tune} of 13 in tune`);
});

Deno.test("the corpus has at least 10 spam families of 12 cases and 150 ham cases", () => {
  const files = corpusFiles();
  const sizes = FAMILIES.map((f) => {
    const n = ["tune", "test"].reduce(
      (sum, h) => sum + JSON.parse(files.get(`${h}/${f.name}.json`)!).length,
      0,
    );
    return { label: f.label, n };
  });
  const spam = sizes.filter((s) => s.label === "spam");
  assert.ok(spam.length >= 10 && spam.every((s) => s.n >= 12), JSON.stringify(spam));
  const ham = sizes.filter((s) => s.label === "ham").reduce((sum, s) => sum + s.n, 0);
  assert.ok(ham >= 150, `${ham} ham cases`);
});
