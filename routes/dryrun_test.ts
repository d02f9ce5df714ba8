import assert from "node:assert/strict";
import { createRule } from "../db/rules.ts";
import { compileRuleSet } from "../rules/compile.ts";
import { RuleCache } from "../rules/rule_cache.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import { account, status } from "../rules/testing.ts";
import { createApp } from "../server/app.ts";
import { requireAuth } from "../server/auth.ts";
import { Metrics } from "../server/metrics.ts";
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
