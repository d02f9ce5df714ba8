import assert from "node:assert/strict";
import type { MemorySample } from "./memory.ts";
import { intakeSummary, memoryGrowth, onlyParts } from "./summary.ts";
import type { IntakeFigures } from "./webhook_intake.ts";

const run = (mode: IntakeFigures["mode"], perSecond: number): IntakeFigures => ({
  mode,
  deliveries: 100,
  perSecond,
  p50Ms: perSecond / 1000,
  p99Ms: perSecond / 100,
  failures: 0,
});

Deno.test("intakeSummary() takes each mode's median and divides the service's by the bare one's", () => {
  const s = intakeSummary([
    run("bare", 4000),
    run("service", 1000),
    run("bare", 6000),
    run("service", 3000),
  ]);
  assert.equal(s.bare.perSecond, 5000);
  assert.equal(s.service.perSecond, 2000);
  assert.equal(s.ratio, 0.4);
  assert.equal(s.service.runs, 2);
  // Round by round: 1000/4000 and 3000/6000.
  assert.deepEqual(s.roundRatios, { min: 0.25, max: 0.5 });
  assert.equal(s.unstored, undefined, "no runs without the durable write, no figure for them");
  const withUnstored = intakeSummary([
    run("bare", 5000),
    run("service", 2000),
    run("unstored", 4000),
  ]);
  assert.equal(withUnstored.unstored?.perSecond, 4000);
  assert.equal(withUnstored.unstored?.ratio, 0.8);
});

const sample = (accounts: number, rssMiB: number, heapUsedMiB: number): MemorySample => ({
  accounts,
  seconds: accounts / 100,
  cpuSeconds: accounts / 50,
  rssMiB,
  heapUsedMiB,
  externalMiB: 1,
  postgresMiB: accounts / 100,
  kvMiB: accounts / 100,
  postgresTransactions: accounts * 18,
});

Deno.test("memoryGrowth() measures from the sample at a tenth of the accounts to the last one", () => {
  const g = memoryGrowth([
    sample(1_000, 200, 30),
    sample(10_000, 210, 32),
    sample(100_000, 215, 33),
  ]);
  assert.equal(g.from, 10_000);
  assert.equal(g.to, 100_000);
  assert.equal(g.rssMiB, 5);
  assert.equal(g.heapUsedMiB, 1);
  assert.ok(Math.abs(g.heapKiBPer10k - 1024 / 9) < 1e-9);
});

Deno.test("memoryGrowth() starts from the first sample when none was taken at a tenth", () => {
  assert.equal(memoryGrowth([sample(1_000, 200, 30), sample(5_000, 201, 30)]).from, 1_000);
});

Deno.test("onlyParts() takes the named parts, every part by default, and refuses unknown names", () => {
  assert.deepEqual(onlyParts([]), ["intake", "engine", "api", "ttr", "memory"]);
  assert.deepEqual(onlyParts(["--quick", "--only=ttr,api"]), ["ttr", "api"]);
  assert.throws(() => onlyParts(["--only=speed"]), /--only takes intake, engine, api, ttr, memory/);
  assert.throws(() => onlyParts(["--only="]), /--only takes/);
});
