import assert from "node:assert/strict";
import { createRule, deleteRule } from "../db/rules.ts";
import { testDatabase } from "../tests/db.ts";
import { RegexChecker } from "./regex_checker.ts";
import { RuleCache } from "./rule_cache.ts";
import { rule } from "./testing.ts";

Deno.test("RuleCache keeps the compiled set while nothing changed and reloads after a change", async () => {
  const db = await testDatabase();
  try {
    const cache = new RuleCache(db.sql);
    const [a, b] = await Promise.all([cache.current(), cache.current()]);
    assert.equal(a, b, "concurrent callers share one load");
    assert.equal(await cache.current(), a);
    const saved = await createRule(db.sql, rule({ detector_type: "keyword", pattern: "x" }), "t");
    const c = await cache.current();
    assert.notEqual(c, a);
    assert.deepEqual(c.rules.map((r) => [r.hit.id, r.hit.version]), [[saved.id, 1]]);
    await deleteRule(db.sql, saved.id, "t");
    assert.equal((await cache.current()).rules.length, 0);
  } finally {
    await db.close();
  }
});

Deno.test("RuleCache fails closed: an unreadable store is an error, not an empty rule set", async () => {
  const db = await testDatabase();
  const cache = new RuleCache(db.sql);
  await cache.current();
  await db.close();
  await assert.rejects(cache.current());
});

Deno.test("RuleCache runs a new regex on re2js at once and moves it to V8 once its check lands", async () => {
  const db = await testDatabase();
  try {
    let finish!: (status: string) => void;
    const checker = new RegexChecker(() => new Promise((resolve) => finish = resolve));
    const cache = new RuleCache(db.sql, checker);
    await createRule(db.sql, rule({ detector_type: "regex", pattern: "earn \\d+ a day" }), "t");
    const first = await cache.current();
    assert.match(first.rules[0].regexEngines[0], /^re2: not checked/);
    assert.equal(await cache.current(), first, "unchanged while the check runs");
    finish("safe");
    await checker.assess("earn \\d+ a day");
    const upgraded = await cache.current();
    assert.deepEqual(upgraded.rules[0].regexEngines, ["v8: recheck proved it linear"]);
    assert.equal(await cache.current(), upgraded);
  } finally {
    await db.close();
  }
});
