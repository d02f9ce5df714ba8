/**
 * Dry-run and panic stop end to end: no report reaches Mastodon while either is on; work held
 * by the panic stop proceeds when it is lifted; webhooks re-delivered start one run.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { deliverEverything, labels, reportsByTarget } from "./reports.ts";
import { STACK_WEBHOOK_SECRET, startStack } from "./stack.ts";
import { countRunsByState } from "../../workflows/runs.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...opts,
  name: "in dry-run no report is filed, yet every spam account is analysed and flagged",
  fn: async () => {
    const stack = await startStack();
    try {
      const on = await stack.api("/config/dry_run?enable=true", { method: "POST" });
      assert.equal(on.status, 200);
      await deliverEverything(stack);
      await stack.idle(120_000);
      assert.equal(stack.dev.server.dev.state.reports.length, 0, "nothing reached Mastodon");
      const spam = [...labels(stack)].filter(([, l]) => l === "mention-spam").map(([id]) => id);
      const flagged = await stack.service.ctx.sql<{ n: number }[]>`
        SELECT count(DISTINCT account_id)::int AS n FROM audit_log
        WHERE action = 'skipped_dry_run' AND account_id = ANY(${spam})`;
      assert.equal(flagged[0].n, spam.length, "each spam account recorded as a dry-run decision");
    } finally {
      await stack.stop();
    }
  },
});

Deno.test({
  ...opts,
  name: "a panic stop holds every run without losing it, and lifting it files the reports",
  fn: async () => {
    const stack = await startStack({ env: {} });
    try {
      await stack.api("/config/panic_stop?enable=true", { method: "POST" });
      await deliverEverything(stack);
      // Give the queue time to pick every run up and park it.
      await new Promise((r) => setTimeout(r, 3000));
      const held = await countRunsByState({ kv: stack.service.ctx.kv });
      assert.equal(stack.dev.server.dev.state.reports.length, 0, "nothing filed while stopped");
      assert.ok(held.waiting > 50, `runs wait (${held.waiting})`);
      assert.equal(held.done + held.skipped + held.failed, 0, "no run advanced to an end");
      const off = await stack.api("/config/panic_stop?enable=false", { method: "POST" });
      assert.equal(off.status, 200);
      const counts = await stack.idle(120_000);
      assert.equal(counts.failed, 0);
      const byTarget = reportsByTarget(stack);
      const waves = [...labels(stack)].filter(([, l]) => !["ordinary", "staff"].includes(l));
      assert.ok(waves.every(([id]) => byTarget.get(id)?.length === 1), "each spam account once");
    } finally {
      await stack.stop();
    }
  },
});

Deno.test({
  ...opts,
  name: "the same signed webhook delivered three times over HTTP starts one run",
  fn: async () => {
    const stack = await startStack();
    try {
      const local = [...stack.dev.server.dev.state.statuses.values()][0];
      const body = JSON.stringify({
        event: "status.created",
        created_at: new Date().toISOString(),
        object: local.json,
      });
      const signature = "sha256=" +
        createHmac("sha256", STACK_WEBHOOK_SECRET).update(body).digest("hex");
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${stack.service.url}/webhooks/mastodon`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature": signature },
          body,
        });
        statuses.push(res.status);
        await res.body?.cancel();
      }
      assert.deepEqual(statuses, [202, 200, 200]);
      const counts = await stack.idle();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      assert.equal(total, 1, "one run");
      const unsigned = await fetch(`${stack.service.url}/webhooks/mastodon`, {
        method: "POST",
        body,
      });
      assert.equal(unsigned.status, 401);
      await unsigned.body?.cancel();
    } finally {
      await stack.stop();
    }
  },
});
