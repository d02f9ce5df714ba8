/**
 * A slow and a rate-limiting Mastodon, injected by the development server (which keeps its
 * state): 2 s answers, and a 429 burst mid-wave. After each the wave is reported exactly once.
 */
import assert from "node:assert/strict";
import { assertRecovered } from "./faults.ts";
import { startWorld, until } from "./harness.ts";

Deno.test({
  name: "with 2 s latency from Mastodon every wave account is reported exactly once",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const world = await startWorld();
    try {
      await world.faults({ latencyMs: 2_000 });
      await world.startService();
      await assertRecovered("2 s latency", world);
    } finally {
      await world.close();
    }
  },
});

Deno.test({
  name:
    "through a 429 burst the service waits for X-RateLimit-Reset and reports every wave account once",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // A short window, so that the reset the 429s announce comes within seconds.
    const world = await startWorld({ devEnv: { DEVSERVER_RATE_LIMIT_PERIOD: "5" } });
    try {
      await world.startService();
      await until("reports are being filed", async () => (await world.reports()).length >= 5);
      // Up to 1,000 refusals until the announced reset: a client that hammers meets them all.
      await world.faults({ rateLimitBurst: 1_000 });
      await assertRecovered("429 burst", world);
      const stats = await (await fetch(`${world.devUrl}/_dev/stats`)).json();
      const refused = stats.faults_injected?.burst ?? 0;
      console.log(`429 burst: ${refused} requests refused before the reset`);
      assert.ok(refused >= 1, "the burst refused requests");
      assert.ok(refused < 50, `${refused} refusals: requests waited for the reset`);
    } finally {
      await world.close();
    }
  },
});
