import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import type { Sql } from "../db/connect.ts";
import { insertReport } from "../db/reports.ts";
import { createRule } from "../db/rules.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { evaluate } from "../rules/engine.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import type { CompiledRuleSet } from "../rules/compile.ts";
import type { EngineInput } from "../rules/types.ts";
import { testApp } from "../tests/api.ts";
import { testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { type BacktestRouteDeps, backtestRoutes } from "./backtest.ts";

// deno-lint-ignore no-explicit-any
type Json = any;
const NOW = new Date("2026-11-20T12:00:00Z");
const THRESHOLD = 3;

function input(id: string, text: string): EngineInput {
  return {
    account: { id, username: `u${id}`, created_at: "2026-11-01T00:00:00Z" },
    recentStatuses: [{
      id: `s${id}`,
      created_at: "2026-11-20T11:00:00Z",
      content: `<p>${text}</p>`,
    }],
    now: NOW.getTime() - 3_600_000,
  };
}

/** Three analysed accounts: "a" posts airdrop and giveaway, "b" giveaway, "c" neither. */
async function seed(sql: Sql) {
  const live = await createRule(
    sql,
    RuleInputSchema.parse({
      name: "Airdrop",
      detector_type: "keyword",
      pattern: "airdrop",
      weight: 5,
      mode: "report",
    }),
    "test",
  );
  const texts: Record<string, string> = {
    a: "free airdrop giveaway today",
    b: "a giveaway for my followers",
    c: "lunch was nice",
  };
  for (const [id, text] of Object.entries(texts)) {
    await upsertAccount(sql, sampleAdminAccount(id));
    await insertAnalysis(sql, {
      accountId: id,
      runId: `run-${id}`,
      score: 0,
      shadowScore: 0,
      hits: [],
      ruleVersions: {},
      statusIds: [],
      at: new Date(NOW.getTime() - 3_600_000),
      input: input(id, text),
    });
  }
  // An old analysis beyond a one-day backtest.
  await upsertAccount(sql, sampleAdminAccount("old"));
  await insertAnalysis(sql, {
    accountId: "old",
    runId: "run-old",
    score: 0,
    shadowScore: 0,
    hits: [],
    ruleVersions: {},
    statusIds: [],
    at: new Date(NOW.getTime() - 3 * 86_400_000),
    input: input("old", "giveaway"),
  });
  return live;
}

async function withApp(
  fn: (call: (m: string, p: string, b?: unknown) => Promise<Json>, sql: Sql) => Promise<void>,
  over: Partial<BacktestRouteDeps> = {},
) {
  const db = await testDatabase();
  try {
    const { call } = testApp([backtestRoutes({
      sql: db.sql,
      auth: testAuth,
      now: () => NOW,
      threshold: THRESHOLD,
      retentionDays: 30,
      ...over,
    })]);
    await fn(async (method, path, body) => {
      const res = await call(path, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    }, db.sql);
  } finally {
    await db.close();
  }
}

async function finished(call: (m: string, p: string) => Promise<Json>, id: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await call("GET", `/backtest/${id}`);
    if (res.body.state !== "running") return res.body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`backtest ${id} still running`);
}

Deno.test("a new rule's backtest lists the accounts it would report and no others", async () => {
  await withApp(async (call, sql) => {
    await seed(sql);
    const start = await call("POST", "/backtest", {
      // As the editor drafts a new rule: disabled, in shadow mode.
      rule: {
        name: "Giveaway",
        detector_type: "keyword",
        pattern: "giveaway",
        weight: 4,
        enabled: false,
        mode: "shadow",
      },
      days: 1,
    });
    assert.equal(start.status, 202);
    const done = await finished(call, start.body.id);
    assert.equal(done.state, "done");
    assert.equal(
      done.evaluated_as,
      "report",
      "a rule without a mode is asked what it would report",
    );
    assert.deepEqual(done.would_report.map((a: Json) => a.account_id), ["b"]);
    assert.equal(done.would_report[0].score, 4);
    assert.equal(done.would_report[0].acct, "userb");
    assert.equal(done.would_report[0].baseline_score, 0);
    assert.deepEqual(done.would_stop, []);
    assert.equal(done.unchanged, 2, "a was reported already, c is not reported either way");
    assert.deepEqual(
      done.progress,
      { processed: 3, total: 3, share: 1 },
      "the old analysis is out",
    );
  });
});

Deno.test("a change to a live rule lists what it would stop, with the moderators' outcome", async () => {
  await withApp(async (call, sql) => {
    const live = await seed(sql);
    const report = await insertReport(sql, {
      accountId: "a",
      runId: "run-a",
      mastodonReportId: "91",
      statusIds: [],
      category: "spam",
      instanceRuleIds: [],
      comment: "c",
      forwarded: false,
      domain: null,
    });
    await sql`UPDATE reports SET state = 'resolved' WHERE id = ${report.id}`;
    await sql`INSERT INTO report_outcomes (report_id, action_taken, resolved)
              VALUES (${report.id}, true, true)`;
    const start = await call("POST", "/backtest", {
      rule_id: live.id,
      changes: { pattern: "airdrops-only" },
      days: 1,
    });
    const done = await finished(call, start.body.id);
    assert.equal(done.state, "done");
    assert.deepEqual(done.would_stop.map((a: Json) => a.account_id), ["a"]);
    assert.deepEqual(done.would_report, []);
    assert.deepEqual(done.outcomes, { a: "actioned" });
    for (const changes of [{ enabled: false }, { mode: "shadow" }]) {
      const off = await call("POST", "/backtest", { rule_id: live.id, changes, days: 1 });
      const result = await finished(call, off.body.id);
      assert.deepEqual(result.would_stop.map((a: Json) => a.account_id), ["a"], "turned off");
      assert.equal(result.evaluated_as, changes.enabled === false ? "disabled" : "shadow");
    }
  });
});

Deno.test("POST /backtest refuses more days than are kept, naming the limit", async () => {
  await withApp(async (call, sql) => {
    await seed(sql);
    const res = await call("POST", "/backtest", {
      rule: { name: "x", detector_type: "keyword", pattern: "x" },
      days: 31,
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /at most 30/);
    const [n] = await sql`SELECT count(*)::int AS n FROM backtests`;
    assert.equal(n.n, 0, "nothing was started");
  });
});

Deno.test("POST /backtest answers a rule that does not validate with a 422 per field, as POST /rules", async () => {
  await withApp(async (call, sql) => {
    const live = await seed(sql);
    const bad = await call("POST", "/backtest", {
      rule: { name: "", detector_type: "keyword", weight: "heavy" },
      days: 1,
    });
    assert.equal(bad.status, 422);
    const fields = bad.body.error.details.map((d: Json) => d.field).sort();
    assert.deepEqual(fields, ["name", "weight"]);
    const badChange = await call("POST", "/backtest", {
      rule_id: live.id,
      changes: { detector_type: "telepathy" },
      days: 1,
    });
    assert.equal(badChange.status, 422);
    assert.deepEqual(badChange.body.error.details.map((d: Json) => d.field), ["detector_type"]);
    const unsafe = await call("POST", "/backtest", {
      rule: { name: "r", detector_type: "regex", pattern: "^(a+)+\\1$" },
      days: 1,
    });
    assert.equal(unsafe.status, 422);
    assert.equal(unsafe.body.error.details[0].field, "pattern");
    const both = await call("POST", "/backtest", { rule_id: live.id, rule: {}, days: 1 });
    assert.equal(both.status, 422);
    const unknown = await call("POST", "/backtest", { rule_id: "999999", days: 1 });
    assert.equal(unknown.status, 404);
    assert.equal((await call("GET", "/backtest/424242")).status, 404);
    assert.equal((await call("GET", "/backtest/not-a-number")).status, 404);
    const [n] = await sql`SELECT count(*)::int AS n FROM backtests`;
    assert.equal(n.n, 0, "nothing was started");
  });
});

Deno.test("a second backtest while the first runs gets a 409 naming the running one", async () => {
  let release = () => {};
  const held = new Promise<void>((r) => release = r);
  const slow = async (set: CompiledRuleSet, i: EngineInput) => {
    await held;
    return evaluate(set, i);
  };
  await withApp(async (call, sql) => {
    await seed(sql);
    const body = { rule: { name: "g", detector_type: "keyword", pattern: "giveaway" }, days: 1 };
    const first = await call("POST", "/backtest", body);
    assert.equal(first.status, 202);
    const second = await call("POST", "/backtest", body);
    assert.equal(second.status, 409);
    assert.equal(second.body.error.details.id, first.body.id);
    assert.match(second.body.error.message, new RegExp(first.body.id));
    const running = await call("GET", `/backtest/${first.body.id}`);
    assert.equal(running.body.state, "running");
    release();
    assert.equal((await finished(call, first.body.id)).state, "done");
    const third = await call("POST", "/backtest", body);
    assert.equal(third.status, 202, "once done, another may start");
    await finished(call, third.body.id);
  }, { evaluate: slow });
});
