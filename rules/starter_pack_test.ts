import assert from "node:assert/strict";
import { testDatabase } from "../tests/db.ts";
import { compileRuleSet, regexesOf } from "./compile.ts";
import { MAX_PATTERN_LENGTH } from "./regex_safety.ts";
import { installStarterPack, starterPack } from "./starter_pack.ts";

Deno.test("every starter rule compiles and explains what it catches", () => {
  const set = compileRuleSet(starterPack());
  assert.equal(set.errors.length, 0, JSON.stringify(set.errors));
  for (const r of starterPack()) assert.ok(r.description.length > 40, r.name);
});

Deno.test("every starter regex is within the length the safety check accepts", () => {
  // compileRuleSet() alone does not run the safety check, which refuses longer patterns.
  for (const r of starterPack()) {
    for (const { source } of regexesOf(r)) {
      assert.ok(source.length <= MAX_PATTERN_LENGTH, `${r.name}: ${source.length} characters`);
    }
  }
});

Deno.test("installStarterPack() fills an empty table once, even when two processes race", async () => {
  const db = await testDatabase();
  try {
    const [a, b] = await Promise.all([installStarterPack(db.sql), installStarterPack(db.sql)]);
    assert.equal(a + b, starterPack().length);
    assert.equal(await installStarterPack(db.sql), 0);
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rules`;
    assert.equal(n, starterPack().length);
    const [{ v }] = await db.sql<{ v: number }[]>`SELECT count(*)::int AS v FROM rule_versions`;
    assert.equal(v, n);
  } finally {
    await db.close();
  }
});
