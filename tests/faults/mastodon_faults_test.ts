/**
 * Faults on the Mastodon side, injected by the development server (which keeps its state):
 * server errors, 429 bursts, slow answers, malformed bodies and dropped connections. After each
 * the wave is reported exactly once and nothing is left in flight or unaudited.
 */
import assert from "node:assert/strict";
import { assertRecovered } from "./faults.ts";
import { startWorld, until } from "./harness.ts";

const FAMILIES: { name: string; faults: Record<string, unknown> }[] = [
  { name: "20% 5xx", faults: { errorRate: 0.2 } },
  { name: "malformed JSON", faults: { malformedRate: 0.2 } },
  { name: "dropped connections", faults: { dropRate: 0.2 } },
  { name: "2 s latency", faults: { latencyMs: 2_000 } },
];

for (const family of FAMILIES) {
  Deno.test({
    name: `with ${family.name} from Mastodon every wave account is reported exactly once`,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const world = await startWorld();
      try {
        await world.faults(family.faults);
        await world.startService();
        await assertRecovered(family.name, world);
      } finally {
        await world.close();
      }
    },
  });
}

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
