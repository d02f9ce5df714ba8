/**
 * The service SIGKILLed three times at seeded random points of the wave and started again on
 * the same database and KV file, while the development server keeps its state and the wave
 * goes on arriving: remote statuses posted while the service is down reach no webhook and no
 * open stream, and must still be seen (the re-read of young remote accounts after a gap).
 */
import { assertRecovered, seeded } from "./faults.ts";
import { startWorld, until } from "./harness.ts";

Deno.test({
  name: "a service killed three times mid-wave reports every wave account exactly once",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const world = await startWorld({
      arriveLater: true,
      // The hour of arrivals plays in 30 s, while the service is killed and started again.
      devEnv: { DEVSERVER_ARRIVAL_SPEED: "120" },
      serviceEnv: { YOUNG_RECHECK_INTERVAL: "3" },
    });
    try {
      // Slower answers stretch the filing so that the kills land in the middle of it.
      await world.faults({ latencyMs: 40 });
      const began = Date.now();
      const random = seeded(8);
      // Three moments within the 30 s the wave takes to arrive, at least 3 s apart.
      const points = [0, 1, 2].map((i) => 4_000 + i * 8_000 + Math.floor(random() * 5_000));
      for (const at of points) {
        const service = await world.startService();
        await until(`${at} ms into the wave`, () => Date.now() - began >= at);
        await service.kill("SIGKILL");
        const filed = (await world.reports()).length;
        console.log(
          `killed ${
            ((Date.now() - began) / 1000).toFixed(1)
          } s into the wave, ${filed} reports filed`,
        );
      }
      await world.faults({});
      await world.startService();
      // Everything has arrived; the polls and the re-read pick up what the kills hid.
      await world.tick(24 * 3_600_000);
      await assertRecovered("3 × SIGKILL", world);
    } finally {
      await world.close();
    }
  },
});
