import assert from "node:assert/strict";
import fc from "fast-check";
import type { Kv } from "../kv/port.ts";
import { processRun, type StepFn } from "./dispatch.ts";
import { PermanentError, RetryLater } from "./errors.ts";
import {
  ensureRunCounts,
  FINAL_STATES,
  HELD_STATES,
  readRunCounts,
  recountRunsByState,
} from "./run_counts.ts";
import { countRunsByState, resumeWaiting, retryRun, startRun } from "./runs.ts";
import { keys, putRun } from "./store.ts";
import { drive, harness } from "./testing.ts";
import { DECISIONS, type Run, type Step, STEPS, TRIGGERS, type WorkflowDeps } from "./types.ts";

/** Asserts that the counters say what a full recount of the by-state index says. */
async function assertCountersExact(kv: Kv, entered?: Record<string, number>) {
  const [counts, recount] = await Promise.all([readRunCounts(kv), recountRunsByState(kv)]);
  for (const s of HELD_STATES) assert.equal(counts.held[s], recount[s], `runs in ${s}`);
  // Nothing expires within a test, so every run that ended is still kept.
  assert.equal(counts.entered.done, recount.done, "runs that ended done");
  assert.equal(counts.entered.skipped, recount.skipped, "runs that ended skipped");
  if (entered) assert.equal(counts.entered.failed, entered.failed, "times runs failed");
}

const outcome = fc.constantFrom("ok", "ok", "ok", "retryable", "permanent", "later");
const command = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("start" as const),
      accounts: fc.array(fc.nat(3), { minLength: 1, maxLength: 6 }),
      trigger: fc.constantFrom(...TRIGGERS),
      dedup: fc.option(fc.nat(4)),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("step" as const),
      pick: fc.nat(),
      times: fc.integer({ min: 1, max: 6 }),
      concurrent: fc.boolean(),
      outcome,
      decision: fc.constantFrom(...DECISIONS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("retry" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("panic" as const), on: fc.boolean() }) },
);

function steps(
  c: { outcome: string; decision: (typeof DECISIONS)[number] },
): Record<Step, StepFn> {
  const fn = (step: Step): StepFn => () => {
    if (c.outcome === "retryable") return Promise.reject(new Error(`${step} broke`));
    if (c.outcome === "permanent") return Promise.reject(new PermanentError(`${step} refused`));
    if (c.outcome === "later") return Promise.reject(new RetryLater("busy", 1));
    return Promise.resolve(step === "report" ? { decision: c.decision } : {});
  };
  return Object.fromEntries(STEPS.map((s) => [s, fn(s)])) as Record<Step, StepFn>;
}

async function allRuns(kv: Deno.Kv): Promise<Run[]> {
  const out: Run[] = [];
  for await (const e of kv.list<Run>({ prefix: ["run"] })) out.push(e.value);
  return out;
}

Deno.test("run counters equal a full recount after any sequence of transitions", async () => {
  const h = await harness({ config: { maxAttempts: 2 } });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 5, maxLength: 40, size: "max" }),
        async (commands) => {
          const kv = await Deno.openKv(":memory:");
          let panic = false;
          const deps: WorkflowDeps = {
            ...h.deps,
            kv,
            settings: { read: () => Promise.resolve({ dryRun: false, panicStop: panic }) },
          };
          let failed = 0;
          try {
            for (const c of commands) {
              const runs = await allRuns(kv);
              const pick = (n: number) => runs.length ? runs[n % runs.length] : undefined;
              if (c.t === "start") {
                // Concurrent triggers, several for the same account: joins, follow-ups, retries.
                await Promise.all(c.accounts.map((a) =>
                  startRun(deps, {
                    accountId: `acct-${a}`,
                    trigger: c.trigger,
                    dedupKey: c.dedup === null ? undefined : `d-${c.dedup}`,
                  })
                ));
              } else if (c.t === "step") {
                const run = pick(c.pick);
                if (!run) continue;
                const before = new Set((await allRuns(kv)).filter((r) => r.state === "failed"));
                const once = () => processRun(deps, run.id, steps(c));
                for (let i = 0; i < c.times; i++) {
                  // Two deliveries of the same run at once: leases and checked commits.
                  await Promise.all(c.concurrent ? [once(), once()] : [once()]);
                }
                const after = await allRuns(kv);
                const ids = new Set([...before].map((r) => r.id));
                failed += after.filter((r) => r.state === "failed" && !ids.has(r.id)).length;
              } else if (c.t === "retry") {
                const run = pick(c.pick);
                if (run?.state === "failed") await retryRun(deps, run.id).catch(() => undefined);
              } else {
                panic = c.on;
                if (!panic) await resumeWaiting(deps);
              }
              await assertCountersExact(kv, { failed });
            }
          } finally {
            kv.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  } finally {
    await h.close();
  }
});

Deno.test("concurrent startRun() calls count each run they create once", async () => {
  const h = await harness();
  try {
    const results = await Promise.all(
      Array.from(
        { length: 40 },
        (_, i) => startRun(h.deps, { accountId: `acct-${i % 7}`, trigger: "webhook" }),
      ),
    );
    const created = results.filter((r) => r.created).length;
    assert.equal(created, 7, "one active run per account");
    const counts = await countRunsByState(h.deps);
    assert.equal(counts.queued, 7);
    await assertCountersExact(h.deps.kv);
  } finally {
    await h.close();
  }
});

Deno.test("putRun() counts a new run, moves it between states and counts an ending", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const put = async (prev: Run | undefined, next: Run) => {
      const op = kv.atomic();
      putRun(op, prev, next);
      assert.ok((await op.commit()).ok);
    };
    const at = new Date().toISOString();
    const queued: Run = {
      id: "r1",
      accountId: "a1",
      trigger: "poll",
      statusIds: [],
      state: "queued",
      attempt: 0,
      createdAt: at,
      updatedAt: at,
    };
    await put(undefined, queued);
    const working = { ...queued, state: "fetch_context" as const };
    await put(queued, working);
    await put(working, { ...working, attempt: 1 });
    assert.deepEqual((await readRunCounts(kv)).held, {
      ...Object.fromEntries(HELD_STATES.map((s) => [s, 0])),
      fetch_context: 1,
    });
    await put(working, { ...working, state: "done" });
    const counts = await readRunCounts(kv);
    assert.ok(HELD_STATES.every((s) => counts.held[s] === 0), "no run is held any more");
    assert.deepEqual(counts.entered, { done: 1, skipped: 0, failed: 0 });
    assert.equal(FINAL_STATES.length, 3);
  } finally {
    kv.close();
  }
});

Deno.test("ensureRunCounts() builds the counters of a KV that has none, once", async () => {
  const h = await harness({ config: { maxAttempts: 1 } });
  try {
    const kv = h.deps.kv;
    const ids = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await startRun(h.deps, { accountId: `acct-${i}`, trigger: "poll" })).runId);
    }
    const broken: Record<Step, StepFn> = {
      ...steps({ outcome: "ok", decision: "skipped_below_threshold" }),
      fetch_context: () => Promise.reject(new PermanentError("gone")),
    };
    await drive(h.deps, ids[0], broken);
    await drive(h.deps, ids[1], steps({ outcome: "ok", decision: "skipped_below_threshold" }));
    await drive(h.deps, ids[2], steps({ outcome: "ok", decision: "reported" }));
    await processRun(h.deps, ids[3], steps({ outcome: "ok", decision: "reported" }));
    // A KV file from before the counters: only the runs and their index.
    for (const k of [keys.runCountsBuilt(), ...HELD_STATES.map((s) => keys.runCount(s))]) {
      await kv.delete(k);
    }
    for (const s of FINAL_STATES) await kv.delete(keys.runEntered(s));

    assert.equal(await ensureRunCounts(kv), true);
    await assertCountersExact(kv, { failed: 1 });
    assert.deepEqual(await countRunsByState(h.deps), await recountRunsByState(kv));
    assert.equal(await ensureRunCounts(kv), false, "built once");
  } finally {
    await h.close();
  }
});

/** `kv`, except that once the by-state index of `state` has been listed, `act` runs. */
function actAfterListing(kv: Kv, state: string, act: () => Promise<unknown>): Kv {
  let acted = false;
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "list") return typeof value === "function" ? value.bind(target) : value;
      return (selector: Deno.KvListSelector, options?: Deno.KvListOptions) => {
        const inner = target.list(selector, options);
        if (acted || !("prefix" in selector) || selector.prefix[1] !== state) return inner;
        acted = true;
        return (async function* () {
          yield* inner;
          await act();
        })();
      };
    },
  });
}

Deno.test("ensureRunCounts() stays exact when a run starts while it counts", async () => {
  const h = await harness();
  try {
    const kv = h.deps.kv;
    for (let i = 0; i < 5; i++) await startRun(h.deps, { accountId: `old-${i}`, trigger: "poll" });
    await kv.delete(keys.runCount("queued"));
    // The run starts after the index was read and before the counters are written.
    const late = () => startRun(h.deps, { accountId: "late", trigger: "webhook" });
    assert.equal(await ensureRunCounts(actAfterListing(kv, "failed", late)), true);
    assert.equal((await readRunCounts(kv)).held.queued, 6);
    await assertCountersExact(kv);
  } finally {
    await h.close();
  }
});
