/**
 * The seeded wave analysed on a fraction of Mastodon's rate limit: what webhooks, the stream and
 * the polls already carry is used, and a call is made only for what nothing else gives. Counted
 * by route from the development server's own tally of the admin token's requests.
 */
import assert from "node:assert/strict";
import { labels, reportsByTarget } from "./reports.ts";
import { startStack } from "./stack.ts";
import { until } from "../faults/harness.ts";

/** Admin-token calls per seeded account, at most. */
const BOUND = 0.3;

Deno.test({
  name: "the seeded wave costs at most 0.3 admin-token calls per account",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack();
    try {
      const server = stack.dev.server;
      await until(
        "the service follows the remote stream",
        () => server.dev.streams.size > 0,
        30_000,
      );
      const before = { ...server.stats().requests.by_token_route };
      for (let minute = 5; minute <= 60; minute += 5) {
        server.tick(minute * 60_000);
        await server.deliverWebhooks();
        // Polls run on a schedule, not the instant the stream delivers.
        await new Promise((r) => setTimeout(r, 300));
        await stack.runJob("poll-remote-accounts");
        await stack.runJob("poll-local-accounts");
      }
      server.tick();
      await server.deliverWebhooks();
      await stack.idle(120_000);
      await new Promise((r) => setTimeout(r, 1_000));
      await stack.idle(120_000);
      await stack.runJob("sync-report-outcomes");
      const after = server.stats().requests.by_token_route;
      const admin = Object.entries(after).filter(([k]) => k.startsWith("admin "))
        .map(([k, n]) => [k.slice(6), n - (before[k] ?? 0)] as const).filter(([, n]) => n > 0);
      const calls = admin.reduce((sum, [, n]) => sum + n, 0);
      // Every seeded account arrives in `deno task dev`; here the newest page is there first.
      const arriving = server.state.population.accounts.length;
      const perAccount = calls / arriving;
      console.log(
        `${calls} admin-token calls for ${arriving} arriving accounts = ${perAccount.toFixed(2)} ` +
          `per account; by route: ${JSON.stringify(Object.fromEntries(admin))}`,
      );
      const runs = (await (await stack.api("/workflows?limit=500")).json()).runs as {
        trigger: string;
        statusesFrom?: string;
        accountId: string;
      }[];
      const tally: Record<string, number> = {};
      for (const r of runs) {
        const k = `${r.trigger}/${r.statusesFrom}/${
          server.dev.state.accounts.get(r.accountId)?.label
        }`;
        tally[k] = (tally[k] ?? 0) + 1;
      }
      console.log(JSON.stringify(tally));
      const label = labels(stack);
      const byTarget = reportsByTarget(stack);
      const wave = [...label].filter(([, l]) => !["ordinary", "staff"].includes(l));
      assert.ok(wave.every(([id]) => byTarget.has(id)), "every wave account is reported");
      assert.ok(perAccount <= BOUND, `${perAccount.toFixed(2)} calls per arriving account`);
    } finally {
      await stack.stop();
    }
  },
});
