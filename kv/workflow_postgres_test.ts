/**
 * The workflow, unchanged, on the PostgreSQL store: the same dispatcher, steps and worker that run
 * on Deno KV take spam accounts to one report each, with two workers sharing the queue.
 */
import assert from "node:assert/strict";
import { startRun } from "../workflows/runs.ts";
import { readRunCounts, recountRunsByState } from "../workflows/run_counts.ts";
import { harness, spamAccount } from "../workflows/testing.ts";
import { getRun } from "../workflows/runs.ts";
import type { Run, WorkflowDeps } from "../workflows/types.ts";
import { startWorker } from "../workflows/worker.ts";
import { PgBossQueue } from "./pg_boss_queue.ts";
import { PostgresKv } from "./postgres_kv.ts";
import { HAS_POSTGRES } from "./testing.ts";

/** The workflow harness with its store swapped for PostgresKv on the harness's database. */
async function postgresHarness() {
  const h = await harness();
  const [{ s }] = await h.deps.sql<{ s: string }[]>`SELECT current_schema() AS s`;
  const schema = `${s}_boss`;
  const stores: PostgresKv[] = [];
  const store = () => {
    const kv = new PostgresKv(h.deps.sql, new PgBossQueue(h.deps.sql, { schema }));
    stores.push(kv);
    return kv;
  };
  const deps: WorkflowDeps = { ...h.deps, kv: store() };
  return {
    ...h,
    deps,
    /** Another process's view: its own store and lease identity on the same database. */
    another: (id: string): WorkflowDeps => ({ ...deps, kv: store(), instanceId: id }),
    close: async () => {
      for (const kv of stores) await kv.shutdown();
      await h.deps.sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await h.close();
    },
  };
}

async function waitFinal(deps: WorkflowDeps, runIds: string[]): Promise<Run[]> {
  // Seconds alone; the ceiling leaves room for a machine busy with the whole suite at once.
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const runs = await Promise.all(runIds.map((id) => getRun(deps, id)));
    if (runs.every((r) => r && ["done", "skipped", "failed"].includes(r.state))) {
      return runs as Run[];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("runs did not all end within 180 s");
}

Deno.test({
  name: "on PostgreSQL the queue listener takes a spam account from trigger to one report",
  ignore: !HAS_POSTGRES,
  fn: async () => {
    const h = await postgresHarness();
    const worker = startWorker(h.deps);
    try {
      const { accountId } = spamAccount(h.mastodon);
      const { runId } = await startRun(h.deps, { accountId, trigger: "webhook", dedupKey: "w1" });
      assert.equal(
        (await startRun(h.deps, { accountId, trigger: "webhook", dedupKey: "w1" })).runId,
        runId,
      );
      const [run] = await waitFinal(h.deps, [runId]);
      assert.equal(run.state, "done");
      assert.equal(h.mastodon.reports.length, 1);
    } finally {
      await worker.stop();
      await h.close();
    }
  },
});

Deno.test({
  name: "on PostgreSQL two workers share a batch of runs and report each account once",
  ignore: !HAS_POSTGRES,
  fn: async () => {
    const h = await postgresHarness();
    const a = h.another("process-a");
    const b = h.another("process-b");
    const workers = [startWorker(a), startWorker(b)];
    try {
      const accounts = Array.from({ length: 12 }, () => spamAccount(h.mastodon).accountId);
      const runIds: string[] = [];
      for (const accountId of accounts) {
        runIds.push((await startRun(h.deps, { accountId, trigger: "poll" })).runId);
      }
      const runs = await waitFinal(h.deps, runIds);
      assert.deepEqual(runs.map((r) => r.state), runs.map(() => "done"));
      const targets = h.mastodon.reports.map((r) => r.target_account.id);
      assert.equal(targets.length, accounts.length);
      assert.equal(new Set(targets).size, accounts.length, "no account is reported twice");
      const [counts, recount] = await Promise.all([
        readRunCounts(h.deps.kv),
        recountRunsByState(h.deps.kv),
      ]);
      assert.equal(counts.entered.done, recount.done, "the done counter matches the runs");
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await h.close();
    }
  },
});
