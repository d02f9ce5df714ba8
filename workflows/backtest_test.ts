import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import { createBacktest, getBacktest, STALE_MS } from "../db/backtests.ts";
import type { Sql } from "../db/connect.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import type { CompiledRuleSet } from "../rules/compile.ts";
import { evaluate as engineEvaluate } from "../rules/engine.ts";
import { EvaluationTimeout, EvaluatorBusy } from "../rules/offthread/pool.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import type { EngineInput } from "../rules/types.ts";
import { testDatabase } from "../tests/db.ts";
import { type BacktestSpec, runBacktest } from "./backtest.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const spec: BacktestSpec = {
  candidate: {
    ...RuleInputSchema.parse({
      name: "giveaway",
      detector_type: "keyword",
      pattern: "giveaway",
      weight: 5,
      mode: "report",
    }),
    id: "backtest",
    version: 0,
  },
  replaces: null,
  days: 1,
};

async function analyses(sql: Sql, n: number) {
  for (let i = 0; i < n; i++) {
    const id = `a${i}`;
    await upsertAccount(sql, sampleAdminAccount(id));
    await insertAnalysis(sql, {
      accountId: id,
      runId: `run-${i}`,
      score: 0,
      shadowScore: 0,
      hits: [],
      ruleVersions: {},
      statusIds: [],
      at: NOW,
      // The first one's input is of a shape the engine no longer reads.
      input: i === 0 ? { account: { id } } as never : {
        account: { id, username: id, created_at: "2026-11-01T00:00:00Z" },
        recentStatuses: [{ id: `s${i}`, created_at: NOW.toISOString(), content: "giveaway" }],
        now: NOW.getTime(),
      },
    });
  }
}

Deno.test("runBacktest() stops a replay past its time limit and says where", async () => {
  const db = await testDatabase();
  try {
    await analyses(db.sql, 4);
    const created = await createBacktest(db.sql, { actor: "m", days: 1, spec: {}, now: NOW });
    assert.ok("id" in created);
    let t = NOW.getTime();
    // Each reading of the clock is a second later; the limit is two seconds.
    const now = () => new Date(t += 1_000);
    await runBacktest(
      { sql: db.sql, threshold: 3, now, pageSize: 1, timeLimitMs: 2_000 },
      created.id,
      spec,
    );
    const b = await getBacktest(db.sql, created.id, new Date(t));
    assert.equal(b?.state, "failed");
    assert.match(b?.error ?? "", /stopped after 2 s, at \d of 4/);
  } finally {
    await db.close();
  }
});

Deno.test("runBacktest() counts inputs that no longer parse as skipped, not as clean", async () => {
  const db = await testDatabase();
  try {
    await analyses(db.sql, 3);
    const created = await createBacktest(db.sql, { actor: "m", days: 1, spec: {}, now: NOW });
    assert.ok("id" in created);
    await runBacktest({ sql: db.sql, threshold: 3, now: () => NOW }, created.id, spec);
    const b = await getBacktest(db.sql, created.id, NOW);
    assert.equal(b?.state, "done");
    const r = b!.result as { skipped: number; analyses: number; would_report_count: number };
    assert.equal(r.skipped, 1);
    assert.equal(r.analyses, 3);
    assert.equal(r.would_report_count, 2);
  } finally {
    await db.close();
  }
});

Deno.test("a backtest whose process stopped reads as failed and no longer blocks its actor", async () => {
  const db = await testDatabase();
  try {
    const first = await createBacktest(db.sql, { actor: "m", days: 1, spec: {}, now: NOW });
    assert.ok("id" in first);
    const soon = new Date(NOW.getTime() + 1_000);
    assert.deepEqual(
      await createBacktest(db.sql, { actor: "m", days: 1, spec: {}, now: soon }),
      { runningId: first.id },
    );
    assert.equal((await getBacktest(db.sql, first.id, soon))?.state, "running");
    const later = new Date(NOW.getTime() + STALE_MS + 1_000);
    assert.equal((await getBacktest(db.sql, first.id, later))?.state, "failed");
    const second = await createBacktest(db.sql, { actor: "m", days: 1, spec: {}, now: later });
    assert.ok("id" in second, "a new one may start");
    const other = await createBacktest(db.sql, { actor: "n", days: 1, spec: {}, now: later });
    assert.ok("id" in other, "another moderator's backtest is no conflict");
    const old = await getBacktest(db.sql, first.id, later);
    assert.match(old?.error ?? "", /interrupted/);
  } finally {
    await db.close();
  }
});

Deno.test("runBacktest() waits while the worker pool is busy, and skips an input that times out", async () => {
  const db = await testDatabase();
  try {
    await analyses(db.sql, 3);
    const created = await createBacktest(db.sql, { actor: "m", days: 1, spec: {}, now: NOW });
    assert.ok("id" in created);
    let calls = 0;
    const evaluate = (set: CompiledRuleSet, input: EngineInput) => {
      calls++;
      if (calls === 1) return Promise.reject(new EvaluatorBusy(64));
      if ((input.account as { id: string }).id === "a2") {
        return Promise.reject(new EvaluationTimeout(2_000));
      }
      return Promise.resolve(engineEvaluate(set, input));
    };
    await runBacktest({ sql: db.sql, threshold: 3, now: () => NOW, evaluate }, created.id, spec);
    const b = await getBacktest(db.sql, created.id, NOW);
    assert.equal(b?.state, "done", b?.error ?? "");
    const r = b!.result as { skipped: number; would_report: { account_id: string }[] };
    assert.equal(r.skipped, 2, "the input that no longer parses and the one that timed out");
    assert.deepEqual(r.would_report.map((a) => a.account_id), ["a1"]);
  } finally {
    await db.close();
  }
});
