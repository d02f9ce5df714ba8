import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { Highlighted, matchedSpans } from "./highlight.tsx";

Deno.test("a keyword rule's terms are marked wherever they occur in the evidence", () => {
  const rule = { detector_type: "keyword", pattern: "Free Coins\ngiveaway" };
  const text = "…get free coins in our giveaway, free coins!";
  const marked = matchedSpans(text, rule).map(([a, b]) => text.slice(a, b));
  assert.deepEqual(marked, ["free coins", "giveaway", "free coins"]);
});

Deno.test("a regex rule's matches are marked, and a pattern re2js cannot read marks nothing", () => {
  const text = "visit bit.ly/abc now";
  const rule = { detector_type: "regex", pattern: "bit\\.ly/\\w+" };
  assert.deepEqual(matchedSpans(text, rule).map(([a, b]) => text.slice(a, b)), ["bit.ly/abc"]);
  assert.deepEqual(matchedSpans(text, { detector_type: "regex", pattern: "(a)\\1" }), []);
});

Deno.test("other detectors' evidence is marked whole, without the ellipses", () => {
  const text = "…spam.example…";
  assert.deepEqual(matchedSpans(text, { detector_type: "link" }), [[1, 13]]);
});

Deno.test("Highlighted escapes the evidence while marking it", () => {
  const html = renderToString(
    <Highlighted
      text="<b>free coins</b>"
      rule={{ detector_type: "keyword", pattern: "free coins" }}
    />,
  );
  assert.equal(html, "<q>&lt;b><mark>free coins</mark>&lt;/b></q>");
});
