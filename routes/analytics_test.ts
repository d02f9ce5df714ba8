import assert from "node:assert/strict";
import { recordScore, upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import type { Sql } from "../db/connect.ts";
import { insertReport } from "../db/reports.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { analyticsRoutes } from "./analytics.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const hit = (id: string, name: string) => ({
  rule: {
    id,
    name,
    version: 1,
    mode: "report" as const,
    category: "spam" as const,
    instance_rule_ids: [],
  },
  weight: 1,
  evidence: [],
});

async function seed(sql: Sql) {
  for (
    const [id, domain] of [["1", "spam.example"], ["2", "spam.example"], ["3", null], [
      "4",
      "ok.example",
    ]]
  ) {
    const a = sampleAdminAccount(id!, { domain });
    await upsertAccount(sql, a, NOW);
  }
  const analyse = async (
    account: string,
    run: string,
    at: string,
    hits: ReturnType<typeof hit>[],
  ) => {
    await insertAnalysis(sql, {
      accountId: account,
      runId: run,
      score: hits.length,
      shadowScore: 0,
      hits,
      ruleVersions: {},
      statusIds: [],
      at: new Date(at),
    });
    await recordScore(sql, account, hits.length, new Date(at));
  };
  await analyse("1", "a1", "2026-12-01T10:00:00Z", [hit("7", "links"), hit("8", "crypto")]);
  await analyse("2", "a2", "2026-11-30T10:00:00Z", [hit("7", "links")]);
  await analyse("3", "a3", "2026-11-28T10:00:00Z", []);
  const report = async (
    account: string,
    run: string,
    id: string,
    at: string,
    domain: string | null,
  ) =>
    await insertReport(sql, {
      accountId: account,
      runId: run,
      mastodonReportId: id,
      statusIds: [],
      category: "spam",
      instanceRuleIds: [],
      comment: "",
      forwarded: false,
      domain,
      at: new Date(at),
    });
  const r1 = await report("1", "a1", "m1", "2026-12-01T10:01:00Z", "spam.example");
  const r2 = await report("2", "a2", "m2", "2026-11-30T10:01:00Z", "spam.example");
  await report("3", "a3", "m3", "2026-11-28T10:01:00Z", null);
  await sql`INSERT INTO report_outcomes (report_id, action_taken, resolved, observed_at)
    VALUES (${r1.id}, true, true, '2026-12-01T11:00:00Z'), (${r2.id}, false, true, '2026-11-30T12:00:00Z')`;
  await sql`UPDATE reports SET state = 'resolved' WHERE id IN (${r1.id}, ${r2.id})`;
}

async function setup() {
  const db = await testDatabase();
  await seed(db.sql);
  const { call } = testApp([analyticsRoutes({
    sql: db.sql,
    auth: testAuth,
    now: () => NOW,
    budget: () => ({ limit: 300, remaining: 120, reset: new Date("2026-12-01T12:05:00Z") }),
    reportDailyBudget: 200,
  })]);
  return { db, call };
}

Deno.test("GET /analytics/overview counts accounts, reports by outcome, top rules and domains", async () => {
  const { db, call } = await setup();
  try {
    const o = await (await call("/analytics/overview")).json();
    assert.deepEqual(o.accounts, { seen: 4, analysed: 3 });
    assert.equal(o.analyses, 3);
    assert.deepEqual(o.reports, {
      filed: 3,
      open: 1,
      actioned: 1,
      dismissed: 1,
      today: 1,
      daily_budget: 200,
    });
    assert.deepEqual(
      o.top_rules.rules.map((r: { name: string; hits: number }) => [r.name, r.hits]),
      [
        ["links", 2],
        ["crypto", 1],
      ],
    );
    assert.deepEqual(o.top_domains[0], { domain: "spam.example", accounts: 2, reports: 2 });
    assert.deepEqual(o.api_budget, {
      limit: 300,
      remaining: 120,
      used: 180,
      reset: "2026-12-01T12:05:00.000Z",
    });
    assert.equal(o.queue, null, "no workflow store: no queue figures");
  } finally {
    await db.close();
  }
});

Deno.test("GET /analytics/timeline gives one point per UTC day, zeros included", async () => {
  const { db, call } = await setup();
  try {
    const t = await (await call("/analytics/timeline?days=4")).json();
    assert.equal(t.days, 4);
    assert.deepEqual(t.points, [
      { day: "2026-11-28", analyses: 1, reports: 1, actioned: 0 },
      { day: "2026-11-29", analyses: 0, reports: 0, actioned: 0 },
      { day: "2026-11-30", analyses: 1, reports: 1, actioned: 0 },
      { day: "2026-12-01", analyses: 1, reports: 1, actioned: 1 },
    ]);
    assert.equal((await (await call("/analytics/timeline")).json()).points.length, 30);
  } finally {
    await db.close();
  }
});

Deno.test("GET /analytics/timeline refuses days outside 1 to 365 with a 400 naming days", async () => {
  const { db, call } = await setup();
  try {
    for (const days of ["0", "366", "-3", "7.5", "week", ""]) {
      const res = await call(`/analytics/timeline?days=${days}`);
      assert.equal(res.status, 400, days);
      assert.equal((await res.json()).error.details[0].field, "days");
    }
    assert.equal((await call("/analytics/timeline?days=365")).status, 200);
  } finally {
    await db.close();
  }
});

Deno.test("GET /analytics/rules takes days of 7, 30 or 90 only, and names the parameter", async () => {
  const { db, call } = await setup();
  try {
    for (const days of ["1", "14", "week", ""]) {
      const res = await call(`/analytics/rules?days=${days}`);
      assert.equal(res.status, 400, `days=${days}`);
      assert.match((await res.json()).error.message, /days: must be 7, 30 or 90/);
    }
    const ok = await (await call("/analytics/rules?days=7")).json();
    assert.equal(ok.days, 7);
  } finally {
    await db.close();
  }
});
