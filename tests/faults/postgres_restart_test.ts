/**
 * PostgreSQL restarted in the middle of the wave: a private server (never the machine's shared
 * one) is stopped while runs are in flight and started again. /healthz says 503 while it is
 * down and 200 after; runs hold and resume, and nothing is filed twice or lost. Both queues: with
 * QUEUE=postgres the queue and the workflow state live on the restarted server too.
 */
import assert from "node:assert/strict";
import { canStartPg, startPgInstance } from "../pg_instance.ts";
import { assertRecovered } from "./faults.ts";
import { startWorld, until } from "./harness.ts";

const pgAvailable = await canStartPg();

for (const queue of ["kv", "postgres"]) {
  Deno.test({
    name:
      `PostgreSQL restarted mid-wave (QUEUE=${queue}): /healthz is 503 while it is down, and the wave is reported once`,
    ignore: !pgAvailable,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const pg = await startPgInstance();
      const world = await startWorld({ database: pg.url, serviceEnv: { QUEUE: queue } });
      try {
        await world.faults({ latencyMs: 40 });
        await world.startService();
        await until("reports are being filed", async () => (await world.reports()).length >= 5);
        await pg.stop("fast");
        await until(
          "/healthz answers 503",
          async () => (await world.healthStatus()) === 503,
          30_000,
        );
        await new Promise((r) => setTimeout(r, 3_000));
        assert.equal(await world.healthStatus(), 503, "still 503 while the database is down");
        await pg.start();
        await until(
          "/healthz answers 200",
          async () => (await world.healthStatus()) === 200,
          60_000,
        );
        await world.faults({});
        // With QUEUE=postgres a query lost with its connection can hold a step until the queue
        // lets go of its handler (2 minutes): recovery is bounded by that, not by the lease.
        await assertRecovered(
          `PostgreSQL restart (QUEUE=${queue})`,
          world,
          queue === "postgres" ? 480_000 : undefined,
        );
      } finally {
        await world.close();
        await pg.destroy();
      }
    },
  });
}
