/**
 * Backlog-aware reporting end to end on the development Mastodon server: with the moderators'
 * queue at REPORT_BACKLOG_LIMIT, reports wait (visibly, highest score first); when moderators
 * clear the queue, the next sync files the highest-scored waiting reports, each once.
 */
import assert from "node:assert/strict";
import { countRunsByState } from "../../workflows/runs.ts";
import { deliverEverything } from "./reports.ts";
import { type Stack, startStack } from "./stack.ts";

const LIMIT = 3;

/** Waits until no run is queued or in a step; waiting runs may stay. */
async function settled(stack: Stack, timeoutMs = 120_000) {
  const busy = ["queued", "fetch_context", "score", "report", "notify", "audit"] as const;
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  while (Date.now() < deadline) {
    const counts = await countRunsByState({ kv: stack.service.ctx.kv });
    calm = busy.every((s) => (counts[s] ?? 0) === 0) ? calm + 1 : 0;
    if (calm >= 5) return counts;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("runs still in flight after the timeout");
}

interface Waiting {
  run_id: string;
  score: number;
}

Deno.test({
  name: "a full moderators' queue holds reports back, and they are filed highest score first",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack({ env: { REPORT_BACKLOG_LIMIT: String(LIMIT) } });
    try {
      const reports = () => stack.dev.server.dev.state.reports;
      assert.equal(reports().length, 0, "a new world has no reports yet");
      const first = await (await stack.api("/outcomes/sync", { method: "POST" })).json();
      assert.equal(first.backlog.open, 0);
      await deliverEverything(stack);
      const counts = await settled(stack);
      assert.equal(reports().length, LIMIT, "no more reports than the queue has room for");
      assert.ok((counts.waiting ?? 0) >= LIMIT, `reports wait (${counts.waiting})`);

      const overview = await (await stack.api("/analytics/overview")).json();
      const waiting = overview.queue.backlog.waiting as Waiting[];
      assert.ok(waiting.length >= LIMIT);
      const scores = waiting.map((w) => w.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "highest score first");
      const { run, audit } = await (await stack.api(`/workflows/${waiting[0].run_id}`)).json();
      assert.deepEqual([run.state, run.reason, run.decision], [
        "waiting",
        "backlog",
        "waiting_backlog",
      ]);
      assert.ok(audit.some((a: { action: string }) => a.action === "waiting_backlog"), "audited");

      // Moderators work through the queue; the next sync finds room for three more.
      for (const r of reports()) {
        const res = await fetch(`${stack.dev.url}/_dev/reports/${r.id}/resolve`, {
          method: "POST",
          body: JSON.stringify({ action_taken: true, action: "suspend" }),
        });
        assert.equal(res.status, 200);
        await res.body?.cancel();
      }
      const before = new Set(reports().map((r) => r.id));
      const sync = await (await stack.api("/outcomes/sync", { method: "POST" })).json();
      assert.deepEqual([sync.backlog.open, sync.backlog.woken], [0, LIMIT]);
      await settled(stack);
      const filed = reports().filter((r) => !before.has(r.id));
      assert.equal(filed.length, LIMIT, "room for three: three more filed");
      const expected = [];
      for (const w of waiting.slice(0, LIMIT)) {
        expected.push((await (await stack.api(`/workflows/${w.run_id}`)).json()).run.accountId);
      }
      assert.deepEqual(filed.map((r) => r.targetAccountId).sort(), expected.sort());
      const targets = reports().map((r) => r.targetAccountId);
      assert.equal(new Set(targets).size, targets.length, "each account reported once");
    } finally {
      await stack.stop();
    }
  },
});
