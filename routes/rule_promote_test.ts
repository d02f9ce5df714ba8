import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import { listAudit } from "../db/audit.ts";
import { insertReport, resolveReport } from "../db/reports.ts";
import { getRule, ruleVersions } from "../db/rules.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { rulePromoteRoutes } from "./rule_promote.ts";
import { rulesRoutes } from "./rules.ts";
import { rulesPages } from "./ui/rules.tsx";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function setup() {
  const db = await testDatabase();
  const { call } = testApp([
    rulesPages({ sql: db.sql, auth: testAuth, now: () => new Date(), reportThreshold: 3 }),
    rulePromoteRoutes({ sql: db.sql, auth: testAuth }),
    rulesRoutes({ sql: db.sql, auth: testAuth }),
  ]);
  const create = async (body: Record<string, unknown>) =>
    await (await call("/rules", json({ detector_type: "keyword", ...body }))).json();
  return { db, call, create };
}

Deno.test("POST /rules without a mode makes a shadow rule: scored and recorded, never reported", async () => {
  const { db, call, create } = await setup();
  try {
    const rule = await create({ name: "coins", pattern: "free coins" });
    assert.equal(rule.mode, "shadow");
    assert.equal((await getRule(db.sql, rule.id))?.mode, "shadow");
    const explicit = await create({ name: "coins 2", pattern: "coins", mode: "report" });
    assert.equal(explicit.mode, "report");
    const page = await (await call(`/rules/${rule.id}`, { headers: { accept: "text/html" } }))
      .text();
    assert.match(page, /data-promote/, "a shadow rule's page offers the promotion");
  } finally {
    await db.close();
  }
});

Deno.test("POST /rules/:id/promote moves a shadow rule to report mode, audited with who and why", async () => {
  const { db, call, create } = await setup();
  try {
    const rule = await create({ name: "coins", pattern: "free coins" });
    const res = await call(`/rules/${rule.id}/promote`, json({ reason: "9 of 10 actioned" }));
    assert.equal(res.status, 200);
    const saved = await res.json();
    assert.deepEqual([saved.mode, saved.version, saved.updated_by], ["report", 2, "api-key"]);
    const [row] = (await listAudit(db.sql, { action: "rule.promoted" })).items;
    assert.equal(row.actor, "api-key");
    assert.deepEqual(row.ruleNames, ["coins"]);
    assert.equal(row.details.reason, "9 of 10 actioned");
    assert.equal(row.details.rule_id, rule.id);
    const [latest] = (await ruleVersions(db.sql, rule.id))!;
    assert.deepEqual(latest.changes, {
      action: "promote",
      fields: { mode: { from: "shadow", to: "report" } },
      reason: "9 of 10 actioned",
    });
    const again = await call(`/rules/${rule.id}/promote`, json({ reason: "twice" }));
    assert.equal(again.status, 409);
    assert.match((await again.json()).error.message, /already in report mode/);
  } finally {
    await db.close();
  }
});

Deno.test("POST /rules/:id/promote refuses a missing reason or rule and changes nothing", async () => {
  const { db, call, create } = await setup();
  try {
    const rule = await create({ name: "coins", pattern: "free coins" });
    for (const body of [{}, { reason: "   " }, { reason: 5 }]) {
      const res = await call(`/rules/${rule.id}/promote`, json(body));
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal((await res.json()).error.details[0].field, "reason");
    }
    const empty = await call(`/rules/${rule.id}/promote`, { method: "POST" });
    assert.equal(empty.status, 400);
    await empty.body?.cancel();
    const unknown = await call("/rules/999999/promote", json({ reason: "x" }));
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    const bad = await call("/rules/abc/promote", json({ reason: "x" }));
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    const after = await getRule(db.sql, rule.id);
    assert.deepEqual([after?.mode, after?.version], ["shadow", 1]);
    assert.equal((await listAudit(db.sql, { action: "rule.promoted" })).items.length, 0);
  } finally {
    await db.close();
  }
});

Deno.test("a shadow rule's page shows what it would have reported and the overlap with actioned reports", async () => {
  const { db, call, create } = await setup();
  try {
    const rule = await create({ name: "probe", pattern: "probe", weight: 2 });
    const other = { id: "other", name: "other", mode: "report" as const };
    const probe = { id: rule.id, name: "probe", mode: "shadow" as const };
    const hit = (r: typeof other | typeof probe, weight: number) => ({
      rule: { ...r, version: 1, category: "spam" as const, instance_rule_ids: [] },
      weight,
      evidence: [],
    });
    // Score 1 + probe 2 = 3 reaches the threshold: would report. Score 0 + 2 does not.
    const cases = [
      { id: "1", score: 1, outcome: "actioned" },
      { id: "2", score: 1, outcome: "dismissed" },
      { id: "3", score: 1, outcome: null },
      { id: "4", score: 0, outcome: null },
    ];
    for (const k of cases) {
      await upsertAccount(
        db.sql,
        sampleAdminAccount(k.id, { username: `user${k.id}` }),
        new Date(),
      );
      const hits = k.score ? [hit(other, 1), hit(probe, 2)] : [hit(probe, 2)];
      const analysisId = await insertAnalysis(db.sql, {
        accountId: k.id,
        runId: `run${k.id}`,
        score: k.score,
        shadowScore: k.score + 2,
        hits,
        ruleVersions: {},
        statusIds: [],
      });
      if (!k.outcome) continue;
      const r = await insertReport(db.sql, {
        accountId: k.id,
        analysisId,
        runId: `run${k.id}`,
        mastodonReportId: `m${k.id}`,
        statusIds: [],
        category: "spam",
        instanceRuleIds: [],
        comment: "",
        forwarded: false,
        domain: null,
      });
      await resolveReport(db.sql, r.id, {
        actionTaken: k.outcome === "actioned",
        details: {},
        at: new Date(),
      });
    }
    const page = await (await call(`/rules/${rule.id}`, { headers: { accept: "text/html" } }))
      .text();
    const figure = (name: string) => page.match(new RegExp(`data-${name}[^>]*>(\\d+)<`))?.[1];
    assert.equal(figure("would-report"), "3");
    assert.equal(figure("overlap-actioned"), "1");
    assert.equal(figure("overlap-dismissed"), "1");
    assert.equal(figure("overlap-none"), "1");
    assert.match(page, /href="\/accounts\/1">user1</);
    assert.doesNotMatch(page, /href="\/accounts\/4"/, "below the threshold even with it live");
  } finally {
    await db.close();
  }
});
