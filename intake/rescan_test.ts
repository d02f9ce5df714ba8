import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { testDatabase } from "../tests/db.ts";
import type { RunStarter } from "./port.ts";
import { createRescan, getRescan, resumeRescans, runRescan } from "./rescan.ts";

const NOW = new Date("2026-11-25T12:00:00Z");

async function setup(accounts: number) {
  const db = await testDatabase();
  const kv = await Deno.openKv(":memory:");
  for (let i = 1; i <= accounts; i++) {
    await upsertAccount(db.sql, sampleAdminAccount(String(1000 + i)), new Date(NOW.getTime() - i));
  }
  const started: string[] = [];
  const runs: RunStarter = {
    startRun: (input) => {
      started.push(input.accountId);
      return Promise.resolve({ runId: `run-${input.accountId}`, created: true });
    },
    rememberStatus: () => Promise.resolve(),
    rememberAccount: () => Promise.resolve(),
    noteUserReport: () => Promise.resolve(),
  };
  const deps = { kv, sql: db.sql, runs, now: () => NOW };
  return {
    deps,
    started,
    close: async () => {
      kv.close();
      await db.close();
    },
  };
}

Deno.test("a rescan queues every account seen once and records its progress", async () => {
  const s = await setup(230);
  try {
    const job = await createRescan(s.deps, "api-key");
    assert.equal(job.total, 230);
    const done = await runRescan(s.deps, job.id);
    assert.equal(done.state, "done");
    assert.equal(done.queued, 230);
    assert.equal(new Set(s.started).size, 230);
    assert.equal(s.started.length, 230);
    assert.equal((await getRescan(s.deps.kv, job.id))?.state, "done");
  } finally {
    await s.close();
  }
});

Deno.test("a rescan interrupted mid-way resumes from its cursor after a restart", async () => {
  const s = await setup(150);
  try {
    const job = await createRescan(s.deps, "api-key");
    // The first process dies after its first batch of 100.
    const failing = {
      ...s.deps,
      runs: {
        ...s.deps.runs,
        startRun: (input: Parameters<RunStarter["startRun"]>[0]) =>
          s.started.length >= 100
            ? Promise.reject(new Error("process killed"))
            : s.deps.runs.startRun(input),
      },
    };
    await assert.rejects(runRescan(failing, job.id));
    const midway = await getRescan(s.deps.kv, job.id);
    assert.equal(midway?.state, "running");
    assert.equal(midway?.queued, 100);
    await resumeRescans(s.deps);
    assert.equal((await getRescan(s.deps.kv, job.id))?.state, "done");
    assert.equal(new Set(s.started).size, 150, "every account queued");
    assert.equal(s.started.length, 150, "none queued twice");
  } finally {
    await s.close();
  }
});
