/**
 * Precision per rule end to end: moderators decide on our reports in the development Mastodon
 * server (POST /_dev/reports/:id/resolve), an outcome sync reads the decisions back, and
 * GET /analytics/rules counts each rule's reports as a hand count over the same reports does.
 * A report whose statuses moderators deleted counts as actioned.
 */
import assert from "node:assert/strict";
import { deliverEverything } from "./reports.ts";
import { startStack } from "./stack.ts";

type Decision = "actioned" | "dismissed" | "open";

Deno.test({
  name: "per-rule precision matches a hand count of moderators' decisions on the devserver",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack();
    try {
      await deliverEverything(stack);
      await stack.idle(120_000);
      const ours = stack.dev.server.dev.state.reports;
      assert.ok(ours.length >= 6, `enough reports to decide on (${ours.length})`);
      // Every third report suspended, every third dismissed, the rest left open; one more
      // actioned by marking the account sensitive.
      const decided = new Map<string, Decision>();
      for (const [i, r] of ours.entries()) {
        const body = i % 3 === 0
          ? { action_taken: true, action: i === 3 ? "sensitive" : "suspend" }
          : i % 3 === 1
          ? { action_taken: false }
          : undefined;
        decided.set(
          r.id,
          body === undefined ? "open" : body.action_taken ? "actioned" : "dismissed",
        );
        if (!body) continue;
        const res = await fetch(`${stack.dev.url}/_dev/reports/${r.id}/resolve`, {
          method: "POST",
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 200);
        await res.body?.cancel();
      }
      // Moderators deleted the statuses of one report they otherwise dismissed: actioned.
      const cleaned = ours.find((r, i) => i % 3 === 1 && r.statusIds.length > 0);
      if (cleaned) {
        for (const id of cleaned.statusIds) stack.dev.server.dev.state.removeStatus(id);
        decided.set(cleaned.id, "actioned");
      }
      const sync = await stack.api("/outcomes/sync", { method: "POST" });
      assert.equal(sync.status, 200);
      const synced = await sync.json();
      assert.equal(synced.resolved, [...decided.values()].filter((d) => d !== "open").length);

      // The hand count: each report's rules (report-mode hits of the analysis it was filed
      // from) get that report's decision.
      const rows = await stack.service.ctx.sql<
        { mastodon_report_id: string; hits: { rule: { id?: string; mode: string } }[] }[]
      >`SELECT r.mastodon_report_id, a.hits FROM reports r JOIN analyses a ON a.id = r.analysis_id`;
      assert.equal(rows.length, ours.length, "every report at Mastodon is one of ours");
      const expected = new Map<string, Record<Decision, number>>();
      for (const row of rows) {
        const decision = decided.get(row.mastodon_report_id)!;
        const ids = new Set(
          row.hits.filter((h) => h.rule.mode === "report" && h.rule.id).map((h) => h.rule.id!),
        );
        for (const id of ids) {
          const e = expected.get(id) ?? { open: 0, actioned: 0, dismissed: 0 };
          e[decision]++;
          expected.set(id, e);
        }
      }
      assert.ok(expected.size > 0, "some rule contributed to the reports");

      const answer = await (await stack.api("/analytics/rules?days=7")).json();
      const byId = new Map(
        answer.rules.map((r: { id: string; reports: Record<Decision, number> }) => [r.id, r]),
      );
      for (const [id, e] of expected) {
        const got = byId.get(id) as
          | { reports: Record<Decision, number>; precision: number | null }
          | undefined;
        assert.deepEqual(got?.reports, e, `rule ${id}`);
        const decidedN = e.actioned + e.dismissed;
        const precision = decidedN === 0 ? null : Math.round((e.actioned / decidedN) * 1000) / 1000;
        assert.equal(got?.precision, precision, `precision of rule ${id}`);
      }
      for (const r of answer.rules as { id: string; reports: Record<Decision, number> }[]) {
        if (expected.has(r.id)) continue;
        assert.deepEqual(r.reports, { open: 0, actioned: 0, dismissed: 0 }, `rule ${r.id}`);
      }
    } finally {
      await stack.stop();
    }
  },
});
