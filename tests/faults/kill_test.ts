/**
 * The service SIGKILLed three times at seeded random points of the wave and started again on
 * the same database and KV file, while the development server keeps its state.
 */
import { assertRecovered, seeded } from "./faults.ts";
import { startWorld, until } from "./harness.ts";

Deno.test({
  name: "a service killed three times mid-wave reports every wave account exactly once",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const world = await startWorld();
    try {
      // Slower answers stretch the filing so that the kills land in the middle of it.
      await world.faults({ latencyMs: 40 });
      const wave = (await world.waveAccounts()).length;
      const random = seeded(8);
      const points = [0, 1, 2].map(() => 1 + Math.floor(random() * (wave - 2))).sort((a, b) =>
        a - b
      );
      for (const point of points) {
        const service = await world.startService();
        await until(`${point} reports are filed`, async () => {
          return (await world.reports()).length >= point;
        });
        await service.kill("SIGKILL");
        console.log(`killed at ${(await world.reports()).length} reports (point ${point})`);
      }
      await world.faults({});
      await world.startService();
      await assertRecovered("3 × SIGKILL", world);
    } finally {
      await world.close();
    }
  },
});
