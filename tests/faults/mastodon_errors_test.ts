/**
 * Broken answers from the Mastodon side, injected by the development server (which keeps its
 * state): server errors, malformed bodies and dropped connections. After each the wave is
 * reported exactly once and nothing is left in flight or unaudited.
 */
import { assertRecovered } from "./faults.ts";
import { startWorld } from "./harness.ts";

const FAMILIES: { name: string; faults: Record<string, unknown> }[] = [
  { name: "20% 5xx", faults: { errorRate: 0.2 } },
  { name: "malformed JSON", faults: { malformedRate: 0.2 } },
  { name: "dropped connections", faults: { dropRate: 0.2 } },
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
