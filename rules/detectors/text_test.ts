import assert from "node:assert/strict";
import { prepareRuleSet } from "../compile.ts";
import { evaluate } from "../engine.ts";
import { TEXT_FIELDS } from "../schema.ts";
import { starterPack } from "../starter_pack.ts";
import { account, hit, rule, run, status } from "../testing.ts";
import { slowFor, slowInputs } from "../testing_pathological.ts";

const kw = (pattern: string, extra: Record<string, unknown> = {}) => ({
  detector_type: "keyword",
  pattern,
  ...extra,
});

Deno.test("keyword flags a listed term standing as a word in the content", () => {
  const v = run(kw("free crypto, airdrop"), { status: status("<p>Claim your AIRDROP today</p>") });
  assert.ok(hit(v));
  assert.equal(v.hits[0].evidence[0].field, "content");
  assert.match(v.hits[0].evidence[0].text, /airdrop/);
});

Deno.test("keyword in word mode ignores the term inside a longer word", () => {
  assert.ok(!hit(run(kw("sex"), { status: status("<p>Greetings from Essex</p>") })));
});

Deno.test("keyword in substring mode finds the term inside a longer word", () => {
  const r = kw("sex", { params: { match: "substring" } });
  assert.ok(hit(run(r, { status: status("<p>Greetings from Essex</p>") })));
});

Deno.test("keyword finds overlapping terms of different rules in one pass", () => {
  const v = run(kw("free, free money"), { status: status("<p>free money</p>") });
  assert.ok(hit(v));
});

Deno.test("keyword reads only the target fields it names", () => {
  const r = kw("casino", { target_fields: ["display_name", "note", "fields"] });
  assert.ok(!hit(run(r, { status: status("<p>casino</p>") })));
  assert.ok(hit(run(r, { account: account({ display_name: "Best Casino" }) })));
  const fields = [{ name: "Site", value: '<a href="https://x.example">Casino bonus</a>' }];
  assert.ok(hit(run(r, { account: account({ fields }) })));
});

Deno.test("keyword reads media descriptions, poll options, spoilers and link targets", () => {
  const r = kw("crypto", { target_fields: ["media_alt", "poll_options", "spoiler_text", "links"] });
  const media = [{ id: "m", type: "image", url: "u", description: "Crypto chart" }];
  assert.ok(hit(run(r, { status: status("<p>x</p>", { media_attachments: media }) })));
  const poll = { options: [{ title: "Buy crypto" }, { title: "No" }] };
  assert.ok(hit(run(r, { status: status("<p>x</p>", { poll }) })));
  assert.ok(hit(run(r, { status: status("<p>x</p>", { spoiler_text: "crypto tips" }) })));
  const link = '<p><a href="https://crypto.example/x">click</a></p>';
  assert.ok(hit(run(r, { status: status(link) })));
  assert.ok(!hit(run(r, { status: status("<p>cats</p>") })));
});

Deno.test("regex flags a match in the normalised, case-folded content", () => {
  const r = { detector_type: "regex", pattern: "earn \\$?\\d+ (per|a) day" };
  assert.ok(hit(run(r, { status: status("<p>EARN $500 A DAY from home</p>") })));
  assert.ok(!hit(run(r, { status: status("<p>I earn little</p>") })));
});

Deno.test("regex with case_sensitive matches the text with its letter case", () => {
  const r = { detector_type: "regex", pattern: "[A-Z]{6,}", params: { case_sensitive: true } };
  assert.ok(hit(run(r, { status: status("<p>HELLOOO friends</p>") })));
  assert.ok(!hit(run(r, { status: status("<p>hellooo friends</p>") })));
});

const ALL_FIELDS = [...TEXT_FIELDS];

Deno.test("keyword rules finish each pathological 100,000-character input in under 50 ms", () => {
  const terms = "free crypto, a, aa, aaaa.bbbb, vi, \u0301, admin, <a, https, e.example";
  const rules = [
    kw(terms, { target_fields: ALL_FIELDS }),
    kw(terms, { target_fields: ALL_FIELDS, params: { match: "substring" } }),
  ];
  assert.deepEqual(slowInputs(rules), []);
});

Deno.test("regex rules finish each pathological 100,000-character input in under 50 ms, on either engine", async () => {
  const patterns = [
    ...starterPack().filter((r) => r.detector_type === "regex").map((r) => r.pattern),
    "^(\\w+\\s?)*$",
    "(a|aa)+$",
    "(.*a){12}",
  ];
  for (const pattern of patterns) {
    const r = { name: "r", detector_type: "regex", pattern, target_fields: ALL_FIELDS };
    assert.deepEqual(slowInputs([r]), [], `re2: ${pattern}`);
    const set = await prepareRuleSet([rule(r)]);
    assert.deepEqual(slowFor((input) => evaluate(set, input)), [], `assessed: ${pattern}`);
  }
});

Deno.test("regex rules that share a pattern keep their own case sensitivity", () => {
  const s = status("<p>Visit SHOP now</p>");
  const pattern = "SHOP";
  assert.ok(hit(run({ detector_type: "regex", pattern }, { status: s })));
  const cs = { detector_type: "regex", pattern, params: { case_sensitive: true } };
  assert.ok(hit(run(cs, { status: s })));
  assert.ok(!hit(run(cs, { status: status("<p>Visit shop now</p>") })));
  assert.ok(
    hit(run({ detector_type: "regex", pattern }, { status: status("<p>Visit shop now</p>") })),
  );
});
