import assert from "node:assert/strict";
import { compileRuleSet } from "./compile.ts";
import { evaluate } from "./engine.ts";
import { account, hit, NOW, rule, run, status } from "./testing.ts";

const young = { detector_type: "account", pattern: "24", params: { check: "max_age_hours" } };
const newAccount = account({ created_at: new Date(NOW - 3_600_000).toISOString() });
const spam = status('<p>free crypto at <a href="https://bit.ly/x">bit.ly/x</a></p>');

Deno.test("AND needs both conditions: a keyword and, through another detector, a shortener", () => {
  const r = {
    detector_type: "keyword",
    pattern: "free crypto",
    boolean_operator: "AND",
    secondary_pattern: "",
    params: { secondary_detector: "link", secondary_params: { check: "shorteners" } },
  };
  const v = run(r, { status: spam });
  assert.ok(hit(v));
  assert.deepEqual(v.hits[0].evidence.map((e) => e.field), ["content", "links"]);
  assert.ok(!hit(run(r, { status: status("<p>free crypto</p>") })));
});

Deno.test("AND with the same detector reads the secondary pattern with the same params", () => {
  const r = {
    detector_type: "keyword",
    pattern: "crypto",
    boolean_operator: "AND",
    secondary_pattern: "free",
  };
  assert.ok(hit(run(r, { status: spam })));
  assert.ok(!hit(run(r, { status: status("<p>crypto news</p>") })));
});

Deno.test("OR needs either condition", () => {
  const r = {
    ...young,
    boolean_operator: "OR",
    secondary_pattern: "0",
    params: { check: "max_age_hours" },
  };
  assert.ok(hit(run(r, { account: newAccount })));
  assert.ok(!hit(run(r, {})));
  const r2 = {
    detector_type: "keyword",
    pattern: "viagra",
    boolean_operator: "OR",
    secondary_pattern: "crypto",
  };
  assert.ok(hit(run(r2, { status: spam })));
});

Deno.test("score sums report-mode hits; shadow hits are listed and counted apart", () => {
  const set = compileRuleSet([
    rule({ name: "a", ...young, weight: 0.5 }),
    rule({ name: "b", detector_type: "keyword", pattern: "crypto", weight: 0.75, mode: "shadow" }),
    rule({ name: "c", detector_type: "keyword", pattern: "viagra", weight: 5 }),
  ]);
  const v = evaluate(set, { account: newAccount, status: spam, now: NOW });
  assert.equal(v.score, 0.5);
  assert.equal(v.shadow_score, 1.25);
  assert.deepEqual(v.hits.map((h) => [h.rule.name, h.rule.mode]), [["a", "report"], [
    "b",
    "shadow",
  ]]);
});

Deno.test("disabled rules are not evaluated", () => {
  const set = compileRuleSet([rule({ ...young, enabled: false })]);
  assert.equal(evaluate(set, { account: newAccount, now: NOW }).hits.length, 0);
});

Deno.test("evaluation is deterministic: same input, same verdict, whatever the wall clock", () => {
  const set = compileRuleSet([
    rule(young),
    rule({ name: "k", detector_type: "keyword", pattern: "crypto" }),
  ]);
  const input = { account: newAccount, status: spam, recentStatuses: [spam], now: new Date(NOW) };
  const a = JSON.stringify(evaluate(set, input));
  const b = JSON.stringify(evaluate(set, structuredClone(input)));
  assert.equal(a, b);
});

Deno.test("hits name the rule's id, version, category and server rules", () => {
  const set = compileRuleSet([{
    ...rule({ ...young, category: "violation", instance_rule_ids: ["3"] }),
    id: "7",
    version: 4,
  }]);
  const v = evaluate(set, { account: newAccount, now: NOW });
  assert.deepEqual(v.hits[0].rule, {
    id: "7",
    name: "test rule",
    version: 4,
    mode: "report",
    category: "violation",
    instance_rule_ids: ["3"],
  });
});

Deno.test("the engine accepts Mastodon's real Status and Admin::Account JSON", async () => {
  const st = JSON.parse(
    await Deno.readTextFile(new URL("../tests/fixtures/mastodon_status.json", import.meta.url)),
  );
  const admin = JSON.parse(
    await Deno.readTextFile(
      new URL("../tests/fixtures/mastodon_admin_account.json", import.meta.url),
    ),
  );
  const set = compileRuleSet([
    rule({ detector_type: "link", pattern: "example.org", params: { check: "domains" } }),
    rule({ name: "avatar", detector_type: "account", params: { check: "default_avatar" } }),
  ]);
  const v = evaluate(set, { account: admin.account, adminAccount: admin, status: st, now: NOW });
  assert.deepEqual(v.hits.map((h) => h.rule.name), ["test rule", "avatar"]);
});

Deno.test("reblogs are not scanned as the account's own text", () => {
  const boost = status("<p>crypto</p>", { reblog: { id: "1" } });
  assert.ok(!hit(run({ detector_type: "keyword", pattern: "crypto" }, { status: boost })));
});

Deno.test("a rule whose regex the linear-time engine cannot run is reported, not evaluated", () => {
  const set = compileRuleSet([rule({ detector_type: "regex", pattern: "(a)\\1" })]);
  assert.equal(set.rules.length, 0);
  assert.match(set.errors[0].message, /linear-time engine/);
});

Deno.test("the evaluation's budget reads every ordinary status, and the triggering one in full behind huge ones", () => {
  const needle = { detector_type: "keyword", pattern: "needle" };
  const ordinary = Array.from(
    { length: 40 },
    (_, i) => status(`<p>${"word ".repeat(100)} ${i}</p>`),
  );
  ordinary.push(status("<p>a needle in the last of them</p>"));
  assert.ok(hit(run(needle, { recentStatuses: ordinary })));
  const huge = Array.from({ length: 40 }, () => status(`<p>${"x ".repeat(49_000)}</p>`));
  const trigger = status(`<p>${"y ".repeat(9_000)} needle</p>`);
  assert.ok(hit(run(needle, { status: trigger, recentStatuses: huge })));
});
