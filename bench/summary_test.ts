import assert from "node:assert/strict";
import type { MemorySample } from "./memory.ts";
import { intakeSummary, memoryGrowth, onlyParts } from "./summary.ts";
import type { IntakeFigures } from "./webhook_intake.ts";

const run = (
  mode: IntakeFigures["mode"],
  perSecond: number,
  concurrency?: number,
): IntakeFigures => ({
  mode,
  deliveries: 100,
  concurrency,
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

Deno.test("intakeSummary() takes each server's capacity from its best level of senders, and keeps the 32-sender figures to runs at 32", () => {
  const s = intakeSummary([
    run("bare", 10_000, 32),
    run("service", 5_000, 32),
    run("unstored", 8_000, 32),
    run("bare", 12_000, 64),
    run("service", 6_000, 64),
    run("bare", 11_000, 256),
    run("service", 7_000, 256),
    run("bare", 11_400, 256),
    run("service", 8_000, 256),
  ]);
  assert.equal(s.bare.perSecond, 10_000, "the 32-sender figure is not mixed with other levels");
  assert.equal(s.service.perSecond, 5_000);
  assert.equal(s.ratio, 0.5);
  assert.ok(s.capacity);
  assert.equal(s.capacity.bare.perSecond, 12_000);
  assert.equal(s.capacity.bare.senders, 64);
  // 256 senders: the median of 7,000 and 8,000.
  assert.equal(s.capacity.service.perSecond, 7_500);
  assert.equal(s.capacity.service.senders, 256);
  assert.equal(s.capacity.ratio, 7_500 / 12_000);
  assert.deepEqual(s.capacity.bare.levels.map((l) => [l.senders, l.perSecond, l.runs]), [
    [32, 10_000, 1],
    [64, 12_000, 1],
    [256, 11_200, 2],
  ]);
  // Runs from before the field existed count as 32 senders, and one level gives no capacity.
  const old = intakeSummary([run("bare", 4000), run("service", 2000)]);
  assert.equal(old.ratio, 0.5);
  assert.equal(old.capacity, undefined);
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
