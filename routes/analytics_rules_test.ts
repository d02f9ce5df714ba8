import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import type { Sql } from "../db/connect.ts";
import { insertReport, resolveReport } from "../db/reports.ts";
import { createRule } from "../db/rules.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { recordBacklog } from "../workflows/backlog.ts";
import { startRun } from "../workflows/runs.ts";
import { drive, harness, spamAccount } from "../workflows/testing.ts";
import { analyticsRoutes } from "./analytics.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

async function rule(sql: Sql, name: string, mode: "shadow" | "report", weight = 1) {
  const r = RuleInputSchema.parse({ name, detector_type: "keyword", pattern: name, mode, weight });
  return (await createRule(sql, r, "test")).id;
}

/**
 * Reports on accounts 1..n, each from an analysis hit by `rules` (id and mode), with the
 * outcome given; returns nothing, the figures are counted by hand in the test.
 */
async function reported(
  sql: Sql,
  n: number,
  rules: { id: string; name: string; mode: "shadow" | "report" }[],
  outcome: "open" | "actioned" | "dismissed",
  at = "2026-11-30T10:00:00Z",
) {
  for (let i = 0; i < n; i++) {
    const accountId = `${outcome}-${rules.map((r) => r.id).join("_")}-${at.slice(0, 10)}-${i}`;
    await upsertAccount(sql, sampleAdminAccount(accountId.replace(/[^0-9a-z]/g, "")), NOW);
    const id = accountId.replace(/[^0-9a-z]/g, "");
    const runId = `run-${id}`;
    const hits = rules.map((r) => ({
      rule: { ...r, version: 1, category: "spam" as const, instance_rule_ids: [] },
      weight: 1,
      evidence: [],
    }));
    const analysisId = await insertAnalysis(sql, {
      accountId: id,
      runId,
      score: 1,
      shadowScore: rules.length,
      hits,
      ruleVersions: {},
      statusIds: [],
      at: new Date(at),
    });
    const row = await insertReport(sql, {
      accountId: id,
      analysisId,
      runId,
      mastodonReportId: `m-${id}`,
      statusIds: [],
      category: "spam",
      instanceRuleIds: [],
      comment: "",
      forwarded: false,
      domain: null,
      at: new Date(at),
    });
    if (outcome !== "open") {
      await resolveReport(sql, row.id, {
        actionTaken: outcome === "actioned",
        details: {},
        at: new Date(at),
      });
    }
  }
}

Deno.test("GET /analytics/rules counts each rule's reports by outcome and its precision, by hand", async () => {
  const db = await testDatabase();
  try {
    const sql = db.sql;
    const good = { id: await rule(sql, "good", "report"), name: "good", mode: "report" as const };
    const noisy = {
      id: await rule(sql, "noisy", "report", 2),
      name: "noisy",
      mode: "report" as const,
    };
    const shadow = {
      id: await rule(sql, "probe", "shadow"),
      name: "probe",
      mode: "shadow" as const,
    };
    const idle = await rule(sql, "idle", "report");
    // good: 3 actioned, 1 dismissed, 2 open. noisy: 1 actioned (shared with good), 4 dismissed.
    await reported(sql, 2, [good], "actioned");
    await reported(sql, 1, [good, noisy], "actioned");
    await reported(sql, 1, [good], "dismissed");
    await reported(sql, 2, [good], "open");
    await reported(sql, 4, [noisy, shadow], "dismissed");
    // Outside a 7-day window: counted in 30 days only.
    await reported(sql, 3, [good], "dismissed", "2026-11-20T10:00:00Z");
    const { call } = testApp([analyticsRoutes({
      sql,
      auth: testAuth,
      now: () => NOW,
      reportDailyBudget: 200,
      reportThreshold: 2,
    })]);
    const week = await (await call("/analytics/rules?days=7")).json();
    assert.deepEqual(week.rules, [
      {
        id: good.id,
        name: "good",
        mode: "report",
        hits: 6,
        reports: { open: 2, actioned: 3, dismissed: 1 },
        precision: 0.75,
      },
      {
        id: noisy.id,
        name: "noisy",
        mode: "report",
        hits: 5,
        reports: { open: 0, actioned: 1, dismissed: 4 },
        precision: 0.2,
      },
      {
        id: shadow.id,
        name: "probe",
        mode: "shadow",
        hits: 4,
        reports: { open: 0, actioned: 0, dismissed: 0 },
        precision: null,
      },
      {
        id: idle,
        name: "idle",
        mode: "report",
        hits: 0,
        reports: { open: 0, actioned: 0, dismissed: 0 },
        precision: null,
      },
    ]);
    assert.deepEqual(week.noisy.map((n: { id: string }) => n.id), [noisy.id]);
    assert.deepEqual([week.noisy[0].dismissed, week.noisy[0].decided], [4, 5]);
    assert.match(week.noisy[0].suggestions.join("\n"), /Narrow its fields/);
    assert.match(week.noisy[0].suggestions.join("\n"), /weight 2 alone reaches the report/);
    assert.match(week.noisy[0].suggestions.join("\n"), /Move it back to shadow/);
    const month = await (await call("/analytics/rules?days=30")).json();
    assert.deepEqual(month.rules[0].reports, { open: 2, actioned: 3, dismissed: 4 });
    assert.equal(month.rules[0].precision, 0.429);
    assert.deepEqual(
      month.noisy.map((n: { id: string }) => n.id).sort(),
      [good.id, noisy.id].sort(),
    );
  } finally {
    await db.close();
  }
});

Deno.test("GET /analytics/overview shows the moderators' backlog and the reports waiting for room", async () => {
  const h = await harness({ config: { reportBacklogLimit: 5 } });
  try {
    const at = new Date().toISOString();
    await recordBacklog(h.deps.kv, { open: 5, atLeast: false, at });
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    assert.equal((await drive(h.deps, runId)).reason, "backlog");
    const { call } = testApp([analyticsRoutes({
      sql: h.deps.sql,
      auth: testAuth,
      now: () => new Date(),
      workflow: h.deps,
      reportDailyBudget: 200,
    })]);
    const o = await (await call("/analytics/overview")).json();
    assert.deepEqual(
      {
        ...o.queue.backlog,
        waiting: o.queue.backlog.waiting.map((w: { run_id: string }) => w.run_id),
      },
      { limit: 5, open: 5, at_least: false, counted_at: at, waiting: [runId] },
    );
    assert.equal(o.queue.by_state.waiting, 1);
  } finally {
    await h.close();
  }
});
