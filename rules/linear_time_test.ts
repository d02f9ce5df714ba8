import assert from "node:assert/strict";
import fc from "fast-check";
import { compileRuleSet } from "./compile.ts";
import { evaluate } from "./engine.ts";
import { starterPack } from "./starter_pack.ts";
import { account, NOW, status } from "./testing.ts";
import { hostileTexts } from "./testing_pathological.ts";
import type { EngineInput } from "./types.ts";

// Unchecked regexes run on re2js, the slower engine: the bound must hold there too.
const set = compileRuleSet(starterPack());
const young = account({ created_at: new Date(NOW - 3_600_000).toISOString() });
const inputOf = (html: string) =>
  ({ account: young, status: status(html), now: NOW }) as EngineInput;

/** Milliseconds per evaluation, averaged over a batch of at least 20 ms, best of three. */
function msPerEvaluation(input: EngineInput): number {
  evaluate(set, input);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = performance.now();
    do {
      evaluate(set, input);
      n++;
    } while (performance.now() - start < 20);
    best = Math.min(best, (performance.now() - start) / n);
  }
  return best;
}

const markup = fc.constantFrom(
  '<a href="https://example.com/p">',
  '<a href="https://s.example/@ann" class="u-url mention">',
  "<a class='mention hashtag' href=https://s.example/tags/x>",
  "</a>",
  "<p>",
  "</p>",
  "<br>",
  '<span class="invisible">',
  "</span>",
  "<b><i><u>",
  "</u></i></b>",
  "<!-- note -->",
  '<a x="1" y=2 z',
  "&amp;",
  "&#x1F600;",
  "&lt;",
  "free crypto",
  "verify your account",
  "paypal.com",
  "xn--pypal-4ve.com",
  " ",
  "\n",
);
// A status is pieces of markup (or a stray "<", "&", "@"...) each followed by a run: the
// shapes that defeat backtracking and quadratic loops ("<" then 20,000 letters, link text of
// dots, thousands of nested tags or invisible characters).
const lead = fc.oneof(
  { arbitrary: markup, weight: 1 },
  {
    arbitrary: fc.constantFrom("<", "&", "<!--", "<a ", '<a href="https://e.example/">', "@"),
    weight: 2,
  },
);
const run = fc.tuple(
  fc.oneof(
    { arbitrary: fc.constant("a"), weight: 3 },
    {
      arbitrary: fc.constantFrom("a.", "aaaa.bbbb.", "a-", "<b>", "</b>", "\u200B", "\u0301", " "),
      weight: 8,
    },
    { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
  ),
  fc.nat(20_000),
).map(([r, n]) => r.repeat(n));
const statusHtml = fc.array(fc.tuple(lead, run), { minLength: 1, maxLength: 8 })
  .map((pieces) => pieces.map(([l, r]) => l + r).join("").slice(0, 50_000));

Deno.test("the engine's time per input character stays bounded on generated HTML statuses", () => {
  // About 50 ns per character is normal; a quadratic step on 20,000 characters costs far more
  // than 2 µs per character. 20 ms covers the fixed cost of a run.
  fc.assert(
    fc.property(statusHtml, (html) => {
      const ms = msPerEvaluation(inputOf(html));
      assert.ok(ms < 20 + html.length * 0.002, `${ms.toFixed(1)} ms for ${html.length} characters`);
    }),
    { numRuns: 40 },
  );
});

Deno.test("ten times the input takes roughly ten times as long, not a hundred, for every hostile shape", () => {
  // Sizes kept under the HTML cut (MAX_HTML_CHARS), which would change what the input is.
  const small = hostileTexts(9_000);
  const large = hostileTexts(90_000);
  const worst: string[] = [];
  for (const shape of Object.keys(small)) {
    for (
      const wrap of [(t: string) => t, (t: string) => `<p><a href="https://e.example/">${t}</a>`]
    ) {
      const ratio = msPerEvaluation(inputOf(wrap(large[shape]))) /
        msPerEvaluation(inputOf(wrap(small[shape])));
      if (ratio >= 30) worst.push(`${shape}: ${ratio.toFixed(1)}×`);
    }
  }
  assert.deepEqual(worst, []);
});
