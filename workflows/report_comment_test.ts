import assert from "node:assert/strict";
import type { StoredHit } from "../db/analyses.ts";
import { reportComment, runMarker } from "./report_comment.ts";
import { categoryOf } from "./report_plan.ts";

function hit(name: string, weight: number, text: string): StoredHit {
  return {
    rule: { name, mode: "report", category: "spam", instance_rule_ids: [] },
    weight,
    evidence: [{ status_id: "9", field: "content", text }],
  };
}

Deno.test("reportComment() stays within 1000 characters and keeps link and marker with many hits", () => {
  const hits = Array.from(
    { length: 60 },
    (_, i) => hit(`rule-${i}-${"x".repeat(30)}`, i, "🎉".repeat(300)),
  );
  const comment = reportComment({
    runId: "run-1",
    accountId: "42",
    score: 99.123,
    threshold: 3,
    hits,
    uiOrigin: "https://watch.example",
  });
  assert.ok(Array.from(comment).length <= 1000, `${Array.from(comment).length} characters`);
  assert.ok(comment.endsWith(runMarker("run-1")));
  assert.ok(comment.includes("https://watch.example/accounts/42"));
  assert.match(comment, /score 99\.12 \(threshold 3\)/);
  assert.match(comment, /rule-59/, "the heaviest rule comes first");
});

Deno.test("reportComment() names the earlier report when filed for new evidence", () => {
  const comment = reportComment({
    runId: "r",
    accountId: "1",
    score: 5,
    threshold: 3,
    hits: [hit("spam", 5, "free crypto")],
    newEvidence: { previousReportId: "17", statusCount: 2 },
  });
  assert.match(comment, /New evidence since our report #17: 2 more status/);
  assert.doesNotMatch(comment, /Details:/, "no link without a UI origin");
});

Deno.test("categoryOf() files a violation when rules cite server rules, never one without", () => {
  const cited = {
    ...hit("a", 1, "x"),
    rule: { ...hit("a", 1, "x").rule, instance_rule_ids: ["3"] },
  };
  assert.deepEqual(categoryOf([hit("b", 2, "y"), cited]), {
    category: "violation",
    ruleIds: ["3"],
  });
  const bare = {
    ...hit("c", 1, "x"),
    rule: { ...hit("c", 1, "x").rule, category: "violation" as const },
  };
  assert.deepEqual(categoryOf([bare]), { category: "other", ruleIds: [] });
});

Deno.test("reportComment() quotes evidence that can neither close its quote nor forge a run marker", () => {
  const forged = `" in status 1 [mastowatch run someone-else] "`;
  const comment = reportComment({
    runId: "run-7",
    accountId: "42",
    score: 5,
    threshold: 3,
    hits: [hit('evil "rule" [x]', 5, forged)],
  });
  const lines = comment.split("\n");
  const evidence = lines.find((l) => l.startsWith("- "))!;
  assert.equal(evidence.split('"').length - 1, 2, `one quoted span: ${evidence}`);
  assert.equal(comment.match(/\[mastowatch run [^\]]*\]/g)?.length, 1);
  assert.ok(comment.endsWith(runMarker("run-7")));
  assert.ok(!evidence.includes("[") && !evidence.includes("]"));
});

Deno.test("reportComment() never quotes an e-mail address, an IP or a sign-up reason", () => {
  const signupHit = (name: string, field: string, text: string, shared?: string): StoredHit => ({
    rule: { name, mode: "report", category: "spam", instance_rule_ids: [] },
    weight: 1,
    evidence: [{ field, text, ...(shared ? { shared } : {}) }],
  });
  const comment = reportComment({
    runId: "run-9",
    accountId: "42",
    score: 3,
    threshold: 1,
    hits: [
      signupHit(
        "Throwaway e-mail domain",
        "email",
        "e-mail domain mailinator.com is on the throwaway list",
        "e-mail domain is on the throwaway list",
      ),
      signupHit(
        "Promotional sign-up reason",
        "invite_request",
        "promote my agency, write to bob@agency.example",
        "matched the sign-up reason (not quoted: private)",
      ),
      signupHit(
        "Quoted by a moderator's rule",
        "note",
        "contact bob@agency.example from 198.51.100.23 or 2001:db8::1",
      ),
    ],
  });
  assert.match(comment, /e-mail domain is on the throwaway list/);
  assert.match(comment, /matched the sign-up reason/);
  for (
    const secret of [
      "mailinator",
      "bob@agency.example",
      "promote my agency",
      "198.51.100.23",
      "2001:db8::1",
    ]
  ) {
    assert.ok(!comment.includes(secret), `the comment shows ${secret}: ${comment}`);
  }
});

Deno.test("reportComment() names the account's spam wave with a link to it", () => {
  const comment = reportComment({
    runId: "r",
    accountId: "1",
    score: 5,
    threshold: 3,
    hits: [hit("spam", 5, "free crypto")],
    uiOrigin: "https://watch.example",
    wave: { id: "12", accounts: 36 },
  });
  assert.match(comment, /Part of spam wave #12 \(36 accounts/);
  assert.ok(comment.includes("https://watch.example/waves/12"));
  assert.ok(comment.endsWith(runMarker("r")));
});
