/**
 * A spam wave in, the right reports out: over real HTTP between the service and the development
 * Mastodon server, on a real database, with the starter rule pack.
 */
import assert from "node:assert/strict";
import { deliverEverything, labels, reportsByTarget } from "./reports.ts";
import { startStack } from "./stack.ts";

Deno.test({
  name:
    "a spam wave is reported once per spam account, with evidence, and ordinary users are spared",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack();
    try {
      await deliverEverything(stack);
      const counts = await stack.idle(120_000);
      assert.equal(counts.failed, 0, "no run failed");
      const byTarget = reportsByTarget(stack);
      const label = labels(stack);
      const waves = [...label].filter(([, l]) => !["ordinary", "staff"].includes(l)).map(([id]) =>
        id
      );
      const ordinary = [...label].filter(([, l]) => l === "ordinary").map(([id]) => id);
      const reportedWave = waves.filter((id) => byTarget.has(id));
      const reportedOrdinary = ordinary.filter((id) => byTarget.has(id));

      assert.ok(waves.length >= 50, `the population has its waves (${waves.length})`);
      assert.ok(
        reportedWave.length >= Math.ceil(waves.length * 0.9),
        `${reportedWave.length} of ${waves.length} spam accounts reported`,
      );
      assert.ok(
        reportedOrdinary.length <= Math.ceil(ordinary.length * 0.03),
        `${reportedOrdinary.length} of ${ordinary.length} ordinary accounts reported`,
      );
      for (const [target, reports] of byTarget) {
        if (reports.length > 1) console.log(JSON.stringify(reports, null, 1));
        assert.equal(reports.length, 1, `account ${target} reported once`);
        const r = reports[0];
        assert.ok(r.comment.length <= 1000);
        assert.match(r.comment, /score/i);
        assert.ok(r.comment.includes(`/accounts/${target}`), "the comment links to MastoWatch");
        for (const id of r.statusIds) {
          const owner = stack.dev.server.dev.state.statuses.get(id)?.accountId;
          assert.equal(owner, target, `status ${id} belongs to ${target}`);
        }
      }
      const mentionSpam = [...label].filter(([, l]) => l === "mention-spam").map(([id]) => id);
      const withStatuses = mentionSpam.filter((id) => byTarget.get(id)?.[0].statusIds.length);
      assert.ok(withStatuses.length >= mentionSpam.length * 0.9, "spam reports carry statuses");

      const stats = stack.dev.server.stats();
      const analysed = (await stack.service.ctx.sql`
        SELECT count(DISTINCT account_id)::int AS n FROM analyses`)[0].n;
      console.log(
        `analysed ${analysed} accounts, ${byTarget.size} reports ` +
          `(${reportedWave.length}/${waves.length} spam, ${reportedOrdinary.length}/${ordinary.length} ordinary), ` +
          `${stats.requests.total} API calls = ${
            (stats.requests.total / analysed).toFixed(2)
          } per account`,
      );
    } finally {
      await stack.stop();
    }
  },
});
