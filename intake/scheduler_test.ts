import assert from "node:assert/strict";
import {
  cronPlan,
  guarded,
  type Job,
  JobBoard,
  onceAcrossProcesses,
  runDeadlineMs,
} from "./scheduler.ts";

Deno.test("cronPlan() turns intervals into cron schedules Deno.cron accepts", () => {
  assert.deepEqual(cronPlan(15), { schedule: "* * * * *", runsPerFiring: 4 });
  assert.deepEqual(cronPlan(30), { schedule: "* * * * *", runsPerFiring: 2 });
  assert.deepEqual(cronPlan(300), { schedule: "*/5 * * * *", runsPerFiring: 1 });
  assert.deepEqual(cronPlan(3600), { schedule: "0 * * * *", runsPerFiring: 1 });
  assert.deepEqual(cronPlan(6 * 3600), { schedule: "0 */6 * * *", runsPerFiring: 1 });
});

Deno.test("guarded() never runs a job twice at once and survives its errors", async () => {
  let running = 0;
  let most = 0;
  let calls = 0;
  const tick = guarded({
    name: "t",
    seconds: 1,
    run: async () => {
      calls++;
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      if (calls === 1) throw new Error("first run fails");
    },
  });
  await Promise.all([tick(), tick(), tick()]);
  assert.equal(calls, 1, "overlapping ticks are skipped");
  assert.equal(most, 1);
  await tick();
  assert.equal(calls, 2, "the job runs again after an error");
});

Deno.test("guarded() lets the next run start once a run is past its deadline, and not before", async () => {
  let t = 0;
  const finish: (() => void)[] = [];
  const tick = guarded(
    {
      name: "stuck",
      seconds: 2,
      // Each run waits on something that does not answer until told to.
      run: () => new Promise<void>((r) => finish.push(r)),
    },
    () => t,
    1_000,
  );
  const first = tick();
  t = 999;
  await tick();
  assert.equal(finish.length, 1, "a run within its deadline holds the next one back");
  t = 1_000;
  const second = tick();
  assert.equal(finish.length, 2, "past its deadline it no longer does");
  // The stuck run ending late does not free the place of the run after it.
  finish[0]();
  await first;
  t = 1_500;
  await tick();
  assert.equal(finish.length, 2, "the second run, within its deadline, still holds the next back");
  finish[1]();
  await second;
  const third = tick();
  assert.equal(finish.length, 3);
  finish[2]();
  await third;
  assert.equal(runDeadlineMs(2), 15 * 60_000, "never less than 15 minutes");
  assert.equal(runDeadlineMs(3_600), 10 * 3_600_000, "ten intervals for a long one");
});

Deno.test("JobBoard records each run's time and keeps the last error until a run succeeds", async () => {
  let t = Date.parse("2026-12-01T10:00:00Z");
  let fail = true;
  const board = new JobBoard(() => t);
  const [job] = board.track([{
    name: "poll",
    seconds: 30,
    run: () => fail ? Promise.reject(new Error("Mastodon answered 503")) : Promise.resolve(),
  }]);
  assert.equal(board.list()[0].lastStartedAt, undefined, "not run yet");
  await assert.rejects(job.run());
  const failed = board.list()[0];
  assert.equal(failed.lastError, "Mastodon answered 503");
  assert.equal(failed.nextRunAt?.toISOString(), "2026-12-01T10:00:30.000Z");
  t += 30_000;
  fail = false;
  await job.run();
  const ok = board.list()[0];
  assert.equal(ok.lastError, undefined);
  assert.equal(ok.lastStartedAt?.toISOString(), "2026-12-01T10:00:30.000Z");
});

Deno.test("onceAcrossProcesses() runs each interval's job in one of the processes sharing a store", async () => {
  const kv = await Deno.openKv(":memory:");
  let t = 1_000_000;
  const ran: string[] = [];
  const jobs = (who: string): Job[] => [
    { name: "poll", seconds: 30, run: () => Promise.resolve(ran.push(`poll by ${who}`)) },
    {
      name: "stats",
      seconds: 30,
      perProcess: true,
      run: () => Promise.resolve(ran.push(`stats by ${who}`)),
    },
  ];
  const a = onceAcrossProcesses(kv, jobs("a"), "a", () => t);
  const b = onceAcrossProcesses(kv, jobs("b"), "b", () => t);
  const tick = () => Promise.all([...a, ...b].map((j) => j.run()));
  await tick();
  t += 2_000;
  await tick();
  assert.equal(ran.filter((r) => r.startsWith("poll")).length, 1, "one poll in the interval");
  assert.equal(ran.filter((r) => r.startsWith("stats")).length, 4, "stats in every process");
  ran.length = 0;
  t += 30_000;
  // Process a has stopped: b takes the next interval's run.
  await Promise.all(b.map((j) => j.run()));
  assert.deepEqual(ran.sort(), ["poll by b", "stats by b"]);
  kv.close();
});
