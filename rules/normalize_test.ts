import assert from "node:assert/strict";
import { parseHtml } from "./html.ts";
import { normalizeText } from "./normalize.ts";
import { hit, run, status } from "./testing.ts";

Deno.test("normalizeText() removes zero-width characters inside words", () => {
  assert.equal(normalizeText("v\u200Bi\u200Ca\u200Dg\uFEFFra"), "viagra");
});

Deno.test("normalizeText() folds Cyrillic look-alikes mixed into Latin words", () => {
  assert.equal(normalizeText("vіаgrа"), "viagra");
});

Deno.test("normalizeText() folds fullwidth and mathematical letters through NFKC", () => {
  assert.equal(normalizeText("ＦＲＥＥ 𝓬𝓻𝔂𝓹𝓽𝓸"), "free crypto");
});

Deno.test("normalizeText() shows right-to-left overridden text as readers see it", () => {
  assert.equal(normalizeText("buy \u202Eargaiv\u202C now"), "buy viagra now");
});

Deno.test("normalizeText() leaves whole words of other scripts alone", () => {
  assert.equal(normalizeText("Привет мир"), "привет мир");
  assert.equal(normalizeText("日本語"), "日本語");
});

Deno.test("parseHtml() keeps invisible URL parts, link targets and tells mentions apart", () => {
  const html = '<p><span class="h-card"><a href="https://a.example/@bob" class="u-url mention">' +
    '@<span>bob</span></a></span> see <a href="https://evil.example/x">my shop</a> and ' +
    '<a href="https://ok.example/page"><span class="invisible">https://</span>' +
    '<span class="">ok.example/page</span></a> &amp; <a href="https://s.example/tags/x" ' +
    'class="mention hashtag">#<span>x</span></a></p>';
  const r = parseHtml(html);
  assert.equal(r.links.map((l) => l.kind).join(","), "mention,link,link,hashtag");
  assert.match(r.text, /my shop https:\/\/evil\.example\/x/);
  assert.match(r.text, /https:\/\/ok\.example\/page/);
  assert.doesNotMatch(r.textWithoutMentions, /bob/);
  assert.match(r.text, / & /);
});

Deno.test("a keyword rule sees through zero-width, confusable, bidi and fullwidth evasions", () => {
  const r = { detector_type: "keyword", pattern: "viagra" };
  for (const text of ["v\u200Biagra", "vіаgrа", "\u202Eargaiv\u202C", "ＶＩＡＧＲＡ", "V̇iagra"]) {
    assert.ok(hit(run(r, { status: status(`<p>cheap ${text} here</p>`) })), text);
  }
});

Deno.test("parseHtml() and normalizeText() stay fast on hostile input", () => {
  const hostile = [
    "<a".repeat(100_000),
    "<!--".repeat(50_000),
    `<a href="${"x".repeat(100_000)}`,
    "\u202E".repeat(50_000),
    "&#".repeat(100_000),
    "vі".repeat(100_000),
  ];
  for (const h of hostile) {
    const t = performance.now();
    normalizeText(parseHtml(h).text);
    assert.ok(performance.now() - t < 1000, `${h.slice(0, 8)}: ${performance.now() - t} ms`);
  }
});
