/** Outcomes end to end: what moderators decide in Mastodon is read back and recorded. */
import assert from "node:assert/strict";
import { deliverEverything } from "./reports.ts";
import { startStack } from "./stack.ts";

Deno.test({
  name: "moderators' decisions on our reports are read back: action taken or dismissed",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack();
    try {
      await deliverEverything(stack);
      await stack.idle(120_000);
      const [acted, dismissed, untouched] = stack.dev.server.dev.state.reports;
      const decide = async (id: string, body: unknown) => {
        const res = await fetch(`${stack.dev.url}/_dev/reports/${id}/resolve`, {
          method: "POST",
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 200);
        await res.body?.cancel();
      };
      await decide(acted.id, { action_taken: true, action: "suspend" });
      await decide(dismissed.id, { action_taken: false });
      await stack.runJob("sync-report-outcomes");
      const rows = await stack.service.ctx.sql<
        { mastodon_report_id: string; state: string; action_taken: boolean | null }[]
      >`SELECT r.mastodon_report_id, r.state, o.action_taken FROM reports r
        LEFT JOIN report_outcomes o ON o.report_id = r.id
        WHERE r.mastodon_report_id IN (${acted.id}, ${dismissed.id}, ${untouched.id})
        ORDER BY r.mastodon_report_id`;
      const by = new Map(rows.map((r) => [r.mastodon_report_id, r]));
      assert.deepEqual(
        { state: by.get(acted.id)?.state, action: by.get(acted.id)?.action_taken },
        { state: "resolved", action: true },
      );
      assert.deepEqual(
        { state: by.get(dismissed.id)?.state, action: by.get(dismissed.id)?.action_taken },
        { state: "resolved", action: false },
      );
      assert.equal(by.get(untouched.id)?.state, "open");
    } finally {
      await stack.stop();
    }
  },
});
