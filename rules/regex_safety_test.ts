import assert from "node:assert/strict";
import { assessRegex } from "./regex_checker.ts";
import { compileRegex } from "./regex_safety.ts";
import { account, hit, runAssessed, status } from "./testing.ts";

const EVIL = ["^(a+)+$", "(a|aa)+$", "(.*a){12}", "^(\\w+\\s?)*$", "(x+x+)+y", "^(a|a?)+$"];
const attack = "a".repeat(30) + "!";

Deno.test("assessRegex() sends known evil patterns to the linear-time engine", async () => {
  for (const p of EVIL) {
    const v = await assessRegex(p);
    assert.ok(v.ok && v.engine === "re2", `${p}: ${JSON.stringify(v)}`);
    assert.match(v.reason, /backtrack/);
  }
});

Deno.test("evil patterns finish fast on attack strings, even 20,000 characters long", async () => {
  for (const p of EVIL) {
    const v = await assessRegex(p);
    assert.ok(v.ok);
    const re = compileRegex(p, false, v.engine);
    for (const text of [attack, "a".repeat(20_000) + "!", "x".repeat(5000)]) {
      const t = performance.now();
      re.find(text);
      assert.ok(performance.now() - t < 500, `${p} took ${performance.now() - t} ms`);
    }
  }
});

Deno.test("an evil regex rule evaluates fast against a crafted status and username", async () => {
  const r = {
    detector_type: "regex",
    pattern: "^(\\w+\\s?)*$",
    target_fields: ["content", "username"],
  };
  const t = performance.now();
  await runAssessed(r, {
    account: account({ username: "a".repeat(30) + "!" }),
    status: status(`<p>${"word ".repeat(2000)}!</p>`),
  });
  assert.ok(performance.now() - t < 2000);
});

Deno.test("assessRegex() lets V8 run patterns recheck proves safe", async () => {
  const v = await assessRegex("\\bfree\\s+(crypto|bitcoin)\\b");
  assert.deepEqual(v, { ok: true, engine: "v8", reason: "recheck proved it linear" });
});

Deno.test("assessRegex() refuses an unsafe pattern the linear-time engine cannot run, saying why", async () => {
  const v = await assessRegex("^(a+)+\\1$");
  assert.ok(!v.ok);
  assert.match(v.reason, /catastrophic/);
  assert.match(v.reason, /backreferences/);
});

Deno.test("assessRegex() refuses invalid syntax and overlong patterns", async () => {
  const bad = await assessRegex("(unclosed");
  assert.ok(!bad.ok && /not a valid regular expression/.test(bad.reason));
  const long = await assessRegex("a".repeat(3000));
  assert.ok(!long.ok && /longer than/.test(long.reason));
});

Deno.test("a regex rule on the V8 engine still matches", async () => {
  const v = await runAssessed({ detector_type: "regex", pattern: "free\\s+crypto" }, {
    status: status("<p>FREE   CRYPTO</p>"),
  });
  assert.ok(hit(v));
});
