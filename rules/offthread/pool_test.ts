import assert from "node:assert/strict";
import { compileRuleSet } from "../compile.ts";
import { dryRun, DryRunItemSchema } from "../dryrun.ts";
import { evaluate } from "../engine.ts";
import { starterPack } from "../starter_pack.ts";
import { account, NOW, status } from "../testing.ts";
import { hostileInputs } from "../testing_pathological.ts";
import { EvaluationTimeout, EvaluatorBusy, EvaluatorPool } from "./pool.ts";
import { SLOW_MARK, slowPool } from "./testing.ts";

const set = compileRuleSet(starterPack());
const young = account({ created_at: new Date(NOW - 3_600_000).toISOString() });
const spam = status('<p>Send 1 ETH and get 2 back! <a href="https://bit.ly/x">paypal.com</a></p>');
const input = { account: young, status: spam, now: NOW };
const slow = { account: { ...young, display_name: SLOW_MARK }, now: NOW };

Deno.test("a worker gives the same verdict and dry-run answer as evaluating in process", async () => {
  const pool = new EvaluatorPool({ size: 1 });
  try {
    assert.deepEqual(await pool.evaluate(set, input), evaluate(set, input));
    const item = DryRunItemSchema.parse({ account: young, statuses: [spam] });
    const now = new Date(NOW);
    assert.deepEqual(await pool.dryRun(set, item, now), dryRun(set, item, now));
    for (const [name, hostile] of hostileInputs(20_000).slice(0, 40)) {
      assert.deepEqual(await pool.evaluate(set, hostile), evaluate(set, hostile), name);
    }
  } finally {
    pool.close();
  }
});

Deno.test("a job past its time limit fails with EvaluationTimeout and its worker is replaced", async () => {
  // Room for a loaded machine: the slow job takes 5 s, an ordinary one a few ms.
  const pool = slowPool(5_000, { size: 1, timeoutMs: 1_500 });
  try {
    await pool.evaluate(set, input); // loads the worker, so that start-up does not count
    const t = performance.now();
    await assert.rejects(pool.evaluate(set, slow), EvaluationTimeout);
    assert.ok(performance.now() - t < 2_000, `${performance.now() - t} ms`);
    assert.deepEqual(await pool.evaluate(set, input), evaluate(set, input));
  } finally {
    pool.close();
  }
});

Deno.test("when every worker is busy and the queue is full, new jobs are refused at once", async () => {
  const pool = slowPool(1_000, { size: 1, maxQueue: 1, timeoutMs: 5_000 });
  try {
    await pool.evaluate(set, input);
    const running = pool.evaluate(set, slow);
    const queued = pool.evaluate(set, input);
    await assert.rejects(pool.evaluate(set, input), EvaluatorBusy);
    await Promise.all([running, queued]);
  } finally {
    pool.close();
  }
});

Deno.test("a worker that cannot load fails the waiting jobs instead of restarting in a loop", async () => {
  const url = "data:text/javascript,throw new Error('cannot load')";
  const pool = new EvaluatorPool({ size: 1, workerUrl: url });
  try {
    await assert.rejects(pool.evaluate(set, input), /evaluation worker failed/);
  } finally {
    pool.close();
  }
});
