/**
 * A what-if backtest against the live engine: on the development server, the accounts a
 * backtest says a new rule would report are the accounts the service reports once the rule is
 * saved and the accounts are analysed again.
 */
import assert from "node:assert/strict";
import { deliverEverything, reportsByTarget } from "./reports.ts";
import { type Stack, startStack } from "./stack.ts";

const RULE = {
  name: "Sourdough talk",
  detector_type: "keyword",
  pattern: "sourdough",
  weight: 10,
};

async function rescanAll(stack: Stack) {
  const res = await stack.api("/rescan", { method: "POST" });
  assert.equal(res.status, 202);
  const { id } = await res.json();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const job = await (await stack.api(`/rescan/${id}`)).json();
    if (job.state !== "running") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stack.idle(180_000);
}

Deno.test({
  name: "a backtest's would_report is what the live engine reports once the rule is saved",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack({
      env: { REPORT_DAILY_BUDGET: "100000", REPORT_BACKLOG_LIMIT: "100000" },
    });
    try {
      await deliverEverything(stack);
      await stack.idle(120_000);
      // A pass with the rules as they are, so that nothing but the new rule changes below.
      await rescanAll(stack);
      const before = new Set(reportsByTarget(stack).keys());

      const started = await stack.api("/backtest", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rule: RULE, days: 1 }),
      });
      assert.equal(started.status, 202);
      const { id } = await started.json();
      let result;
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        result = await (await stack.api(`/backtest/${id}`)).json();
        if (result.state !== "running") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(result.state, "done", result.error ?? "");
      const predicted = result.would_report.map((a: { account_id: string }) => a.account_id)
        .sort();
      assert.ok(predicted.length >= 3, `the rule would report some accounts (${predicted.length})`);
      assert.equal(result.would_report_count, predicted.length);
      assert.deepEqual(result.would_stop, [], "a new rule stops no report");
      for (const a of predicted) assert.ok(!before.has(a), `${a} was not reported before`);

      const saved = await stack.api("/rules", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...RULE, mode: "report" }),
      });
      assert.equal(saved.status, 201);
      await rescanAll(stack);
      const reported = [...reportsByTarget(stack).keys()].filter((a) => !before.has(a)).sort();
      console.log(
        `${result.replayed.analyses} analyses of ${result.replayed.accounts} accounts replayed; ` +
          `${predicted.length} predicted, ${reported.length} reported once saved`,
      );
      assert.deepEqual(reported, predicted);
    } finally {
      await stack.stop();
    }
  },
});
