import assert from "node:assert/strict";
import { auditForRun } from "../db/audit.ts";
import type { Sql } from "../db/connect.ts";
import { flushOutbox } from "./audit_outbox.ts";
import { processRun, STEP_FNS } from "./dispatch.ts";
import { PermanentError } from "./errors.ts";
import { getRun, startRun } from "./runs.ts";
import { keys } from "./store.ts";
import { drive, harness, spamAccount } from "./testing.ts";

/** Wraps `sql` so that writes to the audit log fail while `failing()` is true. */
function failingAudit(sql: Sql, failing: () => boolean): Sql {
  return new Proxy(sql, {
    apply(target, self, args) {
      const text = Array.isArray(args[0]) ? (args[0] as string[]).join("?") : "";
      if (failing() && text.includes("INSERT INTO audit_log")) {
        throw new Error("connection to the database lost");
      }
      return Reflect.apply(target, self, args);
    },
  });
}

Deno.test("a failed transition whose commit loses to another writer leaves no audit row", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const steps = {
      ...STEP_FNS,
      fetch_context: async () => {
        // Another writer changes the run while this step runs: this step's commit must lose.
        const entry = await h.deps.kv.get(keys.run(runId));
        await h.deps.kv.set(keys.run(runId), entry.value);
        throw new PermanentError("account is gone");
      },
    };
    await processRun(h.deps, runId, steps);
    await processRun(h.deps, runId, steps);
    assert.notEqual((await getRun(h.deps, runId))?.state, "failed");
    assert.deepEqual(await auditForRun(h.deps.sql, runId), []);
  } finally {
    await h.close();
  }
});

Deno.test("a failed run's audit row that could not be written after the commit is written later", async () => {
  const h = await harness();
  try {
    let down = true;
    h.deps.sql = failingAudit(h.deps.sql, () => down);
    const { accountId } = spamAccount(h.mastodon);
    const steps = { ...STEP_FNS, score: () => Promise.reject(new PermanentError("bad input")) };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const run = await drive(h.deps, runId, steps);
    assert.equal(run.state, "failed");
    assert.deepEqual(await auditForRun(h.deps.sql, runId), [], "the database refused the row");
    down = false;
    await processRun(h.deps, runId);
    const rows = await auditForRun(h.deps.sql, runId);
    assert.deepEqual(rows.map((r) => r.action), ["failed"]);
    assert.equal(rows[0].at.toISOString(), run.updatedAt, "dated at the transition");
    assert.equal(await flushOutbox(h.deps), 0, "nothing left behind");
  } finally {
    await h.close();
  }
});

Deno.test("flushOutbox() writes the audit rows a process killed after its commit left behind", async () => {
  const h = await harness();
  try {
    let down = true;
    const healthy = h.deps.sql;
    h.deps.sql = failingAudit(healthy, () => down);
    const { accountId } = spamAccount(h.mastodon);
    const steps = { ...STEP_FNS, score: () => Promise.reject(new PermanentError("bad input")) };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    await drive(h.deps, runId, steps);
    down = false;
    // A new process starts: the outbox is flushed before work resumes.
    assert.equal(await flushOutbox({ ...h.deps, sql: healthy }), 1);
    assert.deepEqual((await auditForRun(healthy, runId)).map((r) => r.action), ["failed"]);
    assert.equal(await flushOutbox({ ...h.deps, sql: healthy }), 0);
  } finally {
    await h.close();
  }
});
