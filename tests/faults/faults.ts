/** What every fault family must end with, asserted the same way for each. */
import assert from "node:assert/strict";
import { type FaultWorld, type Outcome, until } from "./harness.ts";

/** The base URL of the test database server; families that need one are skipped without. */
export const TEST_DATABASE_URL = Deno.env.get("TEST_DATABASE_URL");

/**
 * Settles the world (its fault still on), prints the family's figures, asserts the invariants,
 * then ends the fault and waits for /healthz to answer 200.
 */
export async function assertRecovered(
  family: string,
  world: FaultWorld,
  settleMs?: number,
): Promise<Outcome> {
  await world.settle(settleMs);
  const outcome = await world.check();
  console.log(
    `${family}: ${outcome.runs} runs, ${outcome.waveAccounts} wave accounts, ` +
      `${outcome.reported} reported, ${outcome.reports} reports, ${outcome.duplicates} duplicates, ` +
      `${outcome.lost} lost, ${outcome.inFlight} in flight, ${outcome.auditMissing} audit rows missing`,
  );
  assert.ok(outcome.waveAccounts > 0, "the population has a wave");
  assert.equal(outcome.lost, 0, "every wave account is reported");
  assert.equal(outcome.duplicates, 0, "no account is reported twice");
  assert.equal(outcome.inFlight, 0, "every run reaches a final state");
  assert.equal(outcome.auditMissing, 0, "every run that ended has its audit row");
  // The fault ends here: Mastodon answers again, and /healthz says so once its cached probe of
  // the instance (15 s) has been taken again.
  await world.faults({});
  await until("/healthz answers 200 after the fault", async () => {
    return (await world.healthStatus()) === 200;
  }, 60_000);
  return outcome;
}

/** A generator of the points where a family strikes, from a seed, so runs repeat. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
