import assert from "node:assert/strict";
import { compileRuleSet, prepareRuleSetNow } from "./compile.ts";
import { FairQueue } from "./fair_queue.ts";
import { RegexChecker } from "./regex_checker.ts";
import { rule } from "./testing.ts";

/** A checker whose checks finish only when the test says so, recording their order. */
function controlled() {
  const started: string[] = [];
  const finish = new Map<string, (status: string) => void>();
  const checker = new RegexChecker((source) => {
    started.push(source);
    return new Promise((resolve) => finish.set(source, resolve));
  });
  const settle = async (source: string, status = "safe") => {
    finish.get(source)!(status);
    await checker.assess(source);
  };
  return { checker, started, settle };
}

Deno.test("an unchecked pattern runs on re2js at once, and on V8 once recheck proves it safe", async () => {
  const { checker, started, settle } = controlled();
  const v = checker.request("mod").now("free\\s+crypto", false);
  assert.ok(v?.ok && v.engine === "re2" && v.provisional, JSON.stringify(v));
  assert.deepEqual(started, ["free\\s+crypto"]);
  await settle("free\\s+crypto");
  assert.deepEqual(checker.final("free\\s+crypto", false), {
    ok: true,
    engine: "v8",
    reason: "recheck proved it linear",
  });
});

Deno.test("a pattern that only V8 can run is waited for, and no longer than the limit", async () => {
  const { checker, settle } = controlled();
  const t = performance.now();
  const late = await checker.request("mod", { waitMs: 30 }).usable("(?<=a)b", false);
  assert.ok(!late.ok && /still running/.test(late.reason), JSON.stringify(late));
  assert.ok(performance.now() - t < 1000);
  await settle("(?<=a)b");
  const v = await checker.request("mod").usable("(?<=a)b", false);
  assert.equal(v.ok && v.engine, "v8");
});

Deno.test("a request queues at most its share of checks, and an actor at most its own", () => {
  const { checker } = controlled();
  const one = checker.request("mod", { perRequest: 2 });
  for (const p of ["a+b", "c+d", "e+f"]) assert.ok(one.now(p, false)?.ok, p);
  // The first runs at once; the second waits: the third was not queued at all.
  assert.equal(checker.queued("mod"), 1);
  const two = checker.request("mod", { perActor: 1 });
  two.now("g+h", false);
  assert.equal(checker.queued("mod"), 1);
  checker.request("other").now("i+j", false);
  assert.equal(checker.queued("other"), 1);
});

Deno.test("a pattern that needs its check is refused past the request's number of waits", async () => {
  const { checker } = controlled();
  const checks = checker.request("mod", { waitsPerRequest: 1, waitMs: 10 });
  await checks.usable("(?=a)a", false);
  const v = await checks.usable("(?!b)a", false);
  assert.ok(!v.ok && /already waits for 1/.test(v.reason), JSON.stringify(v));
});

Deno.test("actors take turns, and a check someone waits for goes first", async () => {
  const { checker, started, settle } = controlled();
  const flood = checker.request("flood", { perRequest: 10, perActor: 10 });
  for (const p of ["a1+", "a2+", "a3+", "a4+"]) flood.now(p, false);
  checker.request("mod").now("b1+", false);
  const waited = checker.request("late").usable("(?<=x)c", false);
  for (const p of ["a1+", "(?<=x)c", "a2+", "b1+", "a3+"]) {
    assert.equal(started.at(-1), p, started.join(" "));
    await settle(p);
  }
  assert.equal((await waited).ok, true);
});

Deno.test("prepareRuleSetNow() compiles unchecked regexes on re2js and lists them for an upgrade", async () => {
  const { checker, settle } = controlled();
  const rules = [rule({ name: "r", detector_type: "regex", pattern: "earn \\d+ a day" })];
  const set = await prepareRuleSetNow(rules, checker.request("mod"));
  assert.match(set.rules[0].regexEngines[0], /^re2: not checked/);
  assert.deepEqual(set.unchecked, [{ source: "earn \\d+ a day", caseSensitive: false }]);
  await settle("earn \\d+ a day");
  const again = await prepareRuleSetNow(rules, checker.request("mod"));
  assert.deepEqual(again.rules[0].regexEngines, ["v8: recheck proved it linear"]);
  assert.deepEqual(again.unchecked, []);
  assert.deepEqual(compileRuleSet(rules).unchecked, []);
});

Deno.test("FairQueue serves keys in turns, each key's items in order", () => {
  const q = new FairQueue<string>();
  for (const x of ["a1", "a2", "a3"]) q.push("a", x);
  q.push("b", "b1");
  assert.deepEqual([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()], [
    "a1",
    "b1",
    "a2",
    "a3",
    undefined,
  ]);
});
