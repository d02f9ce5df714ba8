/**
 * Broken answers from the Mastodon side, injected by the development server (which keeps its
 * state): server errors, malformed bodies and dropped connections. After each the wave is
 * reported exactly once and nothing is left in flight or unaudited.
 */
import { assertRecovered } from "./faults.ts";
import { HTTP_TIMEOUT_S, startWorld } from "./harness.ts";
import { intentConfirmMs } from "../../workflows/policy.ts";

/**
 * Each of these faults makes a report's POST ambiguous (it may have been filed), and the report
 * step then waits until that filing can no longer appear before it files anew (40 s with the
 * harness's HTTP_TIMEOUT). With one request in five broken, an account's filing is ambiguous
 * several times in a row now and then (three in a row for one of the 53 wave accounts in about a
 * third of the runs, four in about one in twelve), so the wave is given room for nine such waits
 * in a row after the last first filing.
 */
const SETTLE_MS = 60_000 + 9 * intentConfirmMs(HTTP_TIMEOUT_S * 1000);

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
        await assertRecovered(family.name, world, SETTLE_MS);
      } finally {
        await world.close();
      }
    },
  });
}
