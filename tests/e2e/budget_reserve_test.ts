/**
 * The admin token's budget is shared with the people who use that account: however full the
 * queue, MastoWatch never spends the reserve of a window, and it is never refused for it.
 */
import assert from "node:assert/strict";
import { deliverEverything } from "./reports.ts";
import { startStack } from "./stack.ts";

Deno.test({
  name: "with the queue full, the admin token leaves the reserve of every window unspent",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // 40 calls per 4 s window, 25% kept for people: at most 30 of them are MastoWatch's.
    const stack = await startStack({
      rateLimit: 40,
      rateLimitPeriodMs: 4_000,
      env: { API_BUDGET_RESERVE: "0.25", YOUNG_ACCOUNT_DAYS: "3650" },
    });
    try {
      await deliverEverything(stack);
      await stack.idle(180_000);
      const stats = stack.dev.server.stats();
      const peak = stats.rate_limits.peak_by_token.admin ?? 0;
      const refused = Object.entries(stats.requests.by_token_route)
        .filter(([k]) => k.startsWith("admin ")).length;
      const admin429 = stats.requests.by_status["429"] ?? 0;
      console.log(`admin token: at most ${peak} of 40 calls in a window; ${admin429} refusals`);
      assert.ok(refused > 0, "the admin token was used");
      assert.ok(peak <= 30, `${peak} calls in one window: the reserve was spent`);
      assert.ok(peak >= 15, `${peak} calls in one window: the queue was not full`);
      assert.equal(admin429, 0, "never refused");
    } finally {
      await stack.stop();
    }
  },
});
