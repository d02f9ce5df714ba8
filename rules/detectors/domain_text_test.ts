import assert from "node:assert/strict";
import fc from "fast-check";
import { firstDomain } from "./domain_text.ts";

// The regex the scan replaces; fine on the short strings generated here.
const REFERENCE = /(?:[a-z0-9-]+\.)+[a-z]{2,}/;

Deno.test("firstDomain() finds the same domain as the regex it replaces", () => {
  const text = fc.array(fc.constantFrom("a", "b", "c", "1", "-", ".", " ", "/", "A", "é"), {
    maxLength: 40,
  }).map((cs) => cs.join(""));
  fc.assert(
    fc.property(text, (t) => {
      assert.equal(firstDomain(t), t.match(REFERENCE)?.[0], JSON.stringify(t));
    }),
    { numRuns: 20_000 },
  );
  assert.equal(firstDomain("log in at paypal.com.evil.example2 now"), "paypal.com.evil.example");
  assert.equal(firstDomain("my blog"), undefined);
});

Deno.test("firstDomain() takes linear time on long runs of letters, dots and hyphens", () => {
  for (const t of ["a".repeat(100_000), "a.".repeat(50_000), "aaaa.bbbb.".repeat(10_000)]) {
    firstDomain(t);
    const start = performance.now();
    firstDomain(t + "1");
    assert.ok(performance.now() - start < 50, `${t.slice(0, 10)}…`);
  }
});
