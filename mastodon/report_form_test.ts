import assert from "node:assert/strict";
import { reportForm, truncateComment } from "./report_form.ts";

Deno.test("truncateComment() leaves a comment within the limit untouched", () => {
  assert.equal(truncateComment("short and sweet", 1000), "short and sweet");
  assert.equal(truncateComment("x".repeat(1000)), "x".repeat(1000));
});

Deno.test("truncateComment() cuts on a word boundary and marks the cut", () => {
  assert.equal(truncateComment("alpha beta gamma delta", 12), "alpha beta…");
});

Deno.test("truncateComment() keeps a 1000-character comment at most 1000 characters", () => {
  const text = "spam link ".repeat(150);
  const cut = truncateComment(text);
  assert.ok(Array.from(cut).length <= 1000);
  assert.ok(cut.endsWith("link…"));
});

Deno.test("truncateComment() counts characters, not UTF-16 units, and never splits an emoji", () => {
  const text = "🦣".repeat(1200);
  const cut = truncateComment(text);
  assert.equal(Array.from(cut).length, 1000);
  assert.equal(cut, "🦣".repeat(999) + "…");
  assert.equal(truncateComment("🦣".repeat(1000)), "🦣".repeat(1000));
});

Deno.test("truncateComment() cuts mid-word when the only boundary is far back", () => {
  assert.equal(truncateComment("a " + "b".repeat(50), 20), "a " + "b".repeat(17) + "…");
});

Deno.test("reportForm() encodes lists with [] like Mastodon.py does", () => {
  const form = reportForm({
    accountId: "117020566092212359",
    statusIds: ["1", "2"],
    comment: "api crimes",
    category: "violation",
    ruleIds: ["3", "4"],
    forward: true,
    forwardToDomains: ["remote.example", "other.example"],
  });
  assert.equal(
    form.toString(),
    "account_id=117020566092212359&status_ids%5B%5D=1&status_ids%5B%5D=2&comment=api+crimes" +
      "&category=violation&rule_ids%5B%5D=3&rule_ids%5B%5D=4&forward=true" +
      "&forward_to_domains%5B%5D=remote.example&forward_to_domains%5B%5D=other.example",
  );
});

Deno.test("reportForm() leaves out what was not asked for", () => {
  assert.equal(reportForm({ accountId: "9" }).toString(), "account_id=9");
});
