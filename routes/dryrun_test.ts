import assert from "node:assert/strict";
import { Hono } from "hono";
import { createRule } from "../db/rules.ts";
import { compileRuleSet } from "../rules/compile.ts";
import { RuleCache } from "../rules/rule_cache.ts";
import { EvaluatorPool } from "../rules/offthread/pool.ts";
import { SLOW_MARK, slowPool } from "../rules/offthread/testing.ts";
import { RegexChecker } from "../rules/regex_checker.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import { starterPack } from "../rules/starter_pack.ts";
import { account, status } from "../rules/testing.ts";
import { createApp } from "../server/app.ts";
import { requireAuth } from "../server/auth.ts";
import { Metrics } from "../server/metrics.ts";
import type { AppEnv } from "../server/types.ts";
import { testDatabase } from "../tests/db.ts";
import { dryrunRoutes } from "./dryrun.ts";
import type { CompiledRuleSet } from "../rules/compile.ts";

const KEY = "k";
const NOW = new Date("2026-11-01T12:00:00Z");

function app(rules: () => Promise<CompiledRuleSet>) {
  return createApp({
    metrics: new Metrics(),
    maxBodyBytes: 1_000_000,
    routes: [dryrunRoutes({ auth: requireAuth(KEY), rules, now: () => NOW })],
  });
}

async function post(a: ReturnType<typeof app>, body: unknown, key = KEY) {
  const res = await a.request("/dryrun/evaluate", {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const sample = {
  account: account({ created_at: "2026-11-01T00:00:00.000Z" }),
  admin_account: { id: "1", created_at: "2026-11-01T11:30:00.000Z" },
  statuses: [status("<p>Claim your free airdrop now</p>")],
};
const young = {
  name: "Young",
  detector_type: "account",
  pattern: "24",
  params: { check: "max_age_hours" },
  mode: "report",
  weight: 0.4,
};

Deno.test("POST /dryrun/evaluate scores against the saved rules, with versions and normalised text", async () => {
  const db = await testDatabase();
  try {
    await createRule(db.sql, RuleInputSchema.parse(young), "test");
    const cache = new RuleCache(db.sql);
    const res = await post(app(() => cache.current()), sample);
    assert.equal(res.status, 200);
    assert.equal(res.body.score, 0.4);
    assert.equal(res.body.hits[0][0], "Young");
    assert.equal(res.body.hits[0][1], 0.4);
    assert.match(res.body.hits[0][2][0].text, /0\.5 h old/);
    assert.deepEqual(res.body.details.rule_versions.Young, { id: "1", version: 1 });
    assert.equal(res.body.details.normalized.statuses[0].content, "claim your free airdrop now");
    assert.equal(res.body.details.evaluated_at, NOW.toISOString());
  } finally {
    await db.close();
  }
});

Deno.test("RuleCache picks up a saved change at the next dry-run without a restart", async () => {
  const db = await testDatabase();
  try {
    const cache = new RuleCache(db.sql);
    const a = app(() => cache.current());
    assert.equal((await post(a, sample)).body.hits.length, 0);
    await createRule(db.sql, RuleInputSchema.parse(young), "test");
    assert.equal((await post(a, sample)).body.hits.length, 1);
    await db.sql`UPDATE rules SET enabled = false, version = version + 1`;
    assert.equal((await post(a, sample)).body.hits.length, 0);
  } finally {
    await db.close();
  }
});

Deno.test("unsaved rules in the body replace the saved set for that call", async () => {
  let savedCalls = 0;
  const a = app(() => {
    savedCalls++;
    return Promise.resolve(compileRuleSet([RuleInputSchema.parse(young)]));
  });
  const rules = [
    { name: "Airdrop", detector_type: "keyword", pattern: "airdrop", mode: "report", weight: 0.9 },
    { name: "Regex", detector_type: "regex", pattern: "free\\s+airdrop", mode: "shadow" },
  ];
  const res = await post(a, { ...sample, rules });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.hits.map((h: unknown[]) => h[0]), ["Airdrop", "Regex"]);
  assert.equal(res.body.score, 0.9);
  assert.equal(res.body.details.shadow_score, 1.9);
  assert.equal(savedCalls, 0);
});

Deno.test("invalid unsaved rules are a 422 naming the rule and the field", async () => {
  const a = app(() => Promise.resolve(compileRuleSet([])));
  const rules = [young, { name: "Broken", detector_type: "link", params: { check: "sideways" } }];
  const res = await post(a, { ...sample, rules });
  assert.equal(res.status, 422);
  assert.equal(res.body.error.details[0].field, "rules.1.params.check");
  assert.match(res.body.error.details[0].message, /rule "Broken"/);
  const evil = await post(a, {
    ...sample,
    rules: [{ name: "E", detector_type: "regex", pattern: "^(a+)+\\1$" }],
  });
  assert.equal(evil.status, 422);
  assert.equal(evil.body.error.details[0].field, "rules.0.pattern");
});

Deno.test("POST /dryrun/evaluate refuses a missing key (401), bad JSON (400) and a bad account (422)", async () => {
  const a = app(() => Promise.resolve(compileRuleSet([])));
  assert.equal((await post(a, sample, "wrong")).status, 401);
  assert.equal((await post(a, "{")).status, 400);
  const bad = await post(a, { account: { id: 1 }, statuses: [] });
  assert.equal(bad.status, 422);
  assert.ok(bad.body.error.details.some((d: { field: string }) => d.field === "account.id"));
});

function appWith(extra: Partial<Parameters<typeof dryrunRoutes>[0]>) {
  const ping = new Hono<AppEnv>().get("/ping", (c) => c.text("pong"));
  return createApp({
    metrics: new Metrics(),
    maxBodyBytes: 1_000_000,
    routes: [
      dryrunRoutes({
        auth: requireAuth(KEY),
        rules: () => Promise.resolve(compileRuleSet(starterPack())),
        now: () => NOW,
        ...extra,
      }),
      ping,
    ],
  });
}

// A pathological 100,000-character status, marked so that the test worker is slow on it.
const hostile = {
  account: account({ display_name: SLOW_MARK }),
  statuses: [status("<" + "a".repeat(100_000))],
};

Deno.test("while a slow evaluation runs, a concurrent request through the same app answers at once", async () => {
  const pool = slowPool(1_500, { size: 1, timeoutMs: 10_000 });
  try {
    const a = appWith({ evaluator: pool });
    assert.equal((await post(a, sample)).status, 200); // the worker is loaded
    const started = performance.now();
    let slowDone = 0;
    const slow = post(a, hostile).then((r) => (slowDone = performance.now(), r));
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    const ping = await a.request("/ping");
    const pingMs = performance.now() - t;
    assert.equal(await ping.text(), "pong");
    assert.ok(pingMs < 200, `ping took ${pingMs} ms`);
    assert.equal(slowDone, 0, "the slow evaluation was still running");
    const res = await slow;
    assert.equal(res.status, 200);
    assert.ok(slowDone - started >= 1_000);
    assert.deepEqual(Object.keys(res.body).slice(0, 2), ["score", "hits"]);
  } finally {
    pool.close();
  }
});

Deno.test("an evaluation past its time limit is a 422 error envelope, and the next request is served", async () => {
  // The limit leaves a loaded machine room for the ordinary evaluations around it.
  const pool = slowPool(10_000, { size: 1, timeoutMs: 2_000 });
  try {
    const a = appWith({ evaluator: pool });
    assert.equal((await post(a, sample)).status, 200);
    const res = await post(a, hostile);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "evaluation_timeout");
    assert.match(res.body.error.message, /longer than 2000 ms/);
    assert.ok(res.body.error.request_id);
    assert.equal((await post(a, sample)).status, 200);
  } finally {
    pool.close();
  }
});

Deno.test("a fresh regex answers without waiting for its safety check, and runs on V8 once checked", async () => {
  let finish!: (status: string) => void;
  // Without the fix the request would wait for this check, which would end only after 10 s.
  const checker = new RegexChecker(() =>
    new Promise((resolve) => {
      finish = resolve;
      setTimeout(() => resolve("safe"), 10_000);
    })
  );
  const pool = new EvaluatorPool({ size: 1 });
  try {
    const a = appWith({ evaluator: pool, checker });
    const rules = [{ name: "Regex", detector_type: "regex", pattern: "free\\s+airdrop" }];
    await post(a, { ...sample, rules: [] }); // the worker is loaded
    const t = performance.now();
    const first = await post(a, { ...sample, rules });
    assert.ok(performance.now() - t < 5_000, `${performance.now() - t} ms`);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.hits.map((h: unknown[]) => h[0]), ["Regex"]);
    assert.match(first.body.details.regex_engines.Regex[0], /^re2: not checked/);
    finish("safe");
    await checker.assess("free\\s+airdrop");
    const second = await post(a, { ...sample, rules });
    assert.deepEqual(second.body.details.regex_engines.Regex, ["v8: recheck proved it linear"]);
  } finally {
    pool.close();
  }
});

Deno.test("one request queues only its share of regex checks; the rest run on re2js unchecked", async () => {
  const started: string[] = [];
  const checker = new RegexChecker((source) => {
    started.push(source);
    return new Promise(() => {});
  });
  const pool = new EvaluatorPool({ size: 1 });
  try {
    const a = appWith({ evaluator: pool, checker });
    const rules = Array.from({ length: 12 }, (_, i) => ({
      name: `R${i}`,
      detector_type: "regex",
      pattern: `airdrop|never${i}`,
    }));
    const res = await post(a, { ...sample, rules });
    assert.equal(res.status, 200);
    assert.equal(res.body.hits.length, 12);
    // One check runs, seven wait: eight of the twelve patterns were queued.
    assert.equal(started.length + checker.queued("api-key"), 8);
  } finally {
    pool.close();
  }
});

const linkRule = {
  name: "Same link",
  detector_type: "campaign",
  pattern: "3",
  params: { check: "link" },
  mode: "report",
  weight: 1,
};
function linkItem(id: string, extra: Record<string, unknown> = {}) {
  return {
    account: account({ id, username: `u${id}` }),
    statuses: [status('<p><a href="https://promo.example/x">x</a></p>')],
    now: "2026-11-01T11:30:00Z",
    ...extra,
  };
}

Deno.test("the single-account answer says would_report when the score reaches the threshold", async () => {
  const a = createApp({
    metrics: new Metrics(),
    maxBodyBytes: 1_000_000,
    routes: [dryrunRoutes({
      auth: requireAuth(KEY),
      rules: () => Promise.resolve(compileRuleSet([RuleInputSchema.parse(young)])),
      now: () => NOW,
      threshold: 0.4,
    })],
  });
  const res = await post(a, sample);
  assert.deepEqual(Object.keys(res.body).slice(0, 3), ["score", "hits", "would_report"]);
  assert.equal(res.body.would_report, true);
  const below = await post(
    app(() => Promise.resolve(compileRuleSet([RuleInputSchema.parse(young)]))),
    sample,
  );
  assert.equal(below.body.would_report, false, "0.4 is below the default threshold of 1");
});

Deno.test("a batch is scored with campaign counters computed across its items", async () => {
  const a = app(() => Promise.resolve(compileRuleSet([])));
  const res = await post(a, {
    items: ["1", "2", "3"].map((id) => linkItem(id)),
    rules: [linkRule],
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 3);
  assert.ok(res.body.items.every((i: { would_report: boolean }) => i.would_report));
  assert.match(res.body.items[0].hits[0][2][0].text, /posted by 3 accounts/);
  assert.equal(res.body.would_report, 3);
  const single = await post(a, { ...linkItem("1"), rules: [linkRule] });
  assert.equal(single.body.hits.length, 0, "one account alone makes no campaign");
});

Deno.test("a batch with one bad item is refused whole, naming the item and the field", async () => {
  const a = app(() => Promise.resolve(compileRuleSet([])));
  const items = [linkItem("1"), linkItem("2", { statuses: "none" }), linkItem("3")];
  const res = await post(a, { items });
  assert.equal(res.status, 422);
  assert.match(res.body.error.message, /item 1 of the batch/);
  assert.equal(res.body.error.details[0].field, "items.1.statuses");
});

Deno.test("unknown fields are ignored, and a field of the wrong type is a 422 naming it", async () => {
  const a = app(() => Promise.resolve(compileRuleSet([RuleInputSchema.parse(young)])));
  const ok = await post(a, { ...sample, colour: "blue", account: { ...sample.account, pet: 1 } });
  assert.equal(ok.status, 200);
  const bad = await post(a, { ...sample, now: 12 });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.details[0].field, "now");
});

Deno.test("a batch of more than 500 items is refused with a 422", async () => {
  const a = app(() => Promise.resolve(compileRuleSet([])));
  const res = await post(a, { items: Array.from({ length: 501 }, (_, i) => linkItem(String(i))) });
  assert.equal(res.status, 422);
  assert.match(res.body.error.details[0].message, /at most 500/);
});
