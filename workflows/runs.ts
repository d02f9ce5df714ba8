/** Starting, listing, retrying and resuming runs: the workflow's API for intake and routes. */
import { z } from "zod";
import { logger } from "../server/log.ts";
import { transition } from "./machine.ts";
import {
  DEDUP_TTL_MS,
  enqueueRun,
  freshRun,
  keys,
  loadRun,
  loadRuns,
  type Pending,
  putRun,
} from "./store.ts";
import {
  type Run,
  RUN_STATES,
  type RunState,
  TERMINAL,
  type Trigger,
  TRIGGERS,
  type WorkflowDeps,
} from "./types.ts";
import { policyOf } from "./policy.ts";
import { ensureRunCounts, readRunCounts } from "./run_counts.ts";

const log = logger("workflow");
const MAX_PENDING_STATUSES = 20;

/** What starts a run. */
export interface StartRequest {
  accountId: string;
  trigger: Trigger;
  statusId?: string;
  /** The same key within 24 h gives the same run (webhook delivery ids, poll items). */
  dedupKey?: string;
}

const startSchema = z.object({
  accountId: z.string().min(1),
  trigger: z.enum(TRIGGERS),
  statusId: z.string().min(1).optional(),
  dedupKey: z.string().min(1).max(512).optional(),
});

/** Raised when a run cannot be changed as asked (unknown, not failed, account busy). */
export class RunConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunConflict";
  }
}

/**
 * Starts a run for an account, or joins the active one: a trigger that arrives while the
 * account has a run is remembered and handled by a follow-up run, never dropped.
 */
export async function startRun(
  deps: WorkflowDeps,
  request: StartRequest,
): Promise<{ runId: string; created: boolean }> {
  const req = startSchema.parse(request);
  for (let tries = 0; tries < 20; tries++) {
    const result = await tryStart(deps, req);
    if (result) return result;
  }
  throw new Error(`could not start a run for account ${req.accountId}: too much contention`);
}

async function tryStart(deps: WorkflowDeps, req: StartRequest) {
  const { kv } = deps;
  const dedup = req.dedupKey ? await kv.get<string>(keys.dedup(req.dedupKey)) : undefined;
  if (dedup?.value) return { runId: dedup.value, created: false };
  const lock = await kv.get<{ runId: string }>(keys.accountRun(req.accountId));
  const op = kv.atomic().check(lock);
  if (dedup) op.check(dedup);
  const active = lock.value ? (await loadRun(kv, lock.value.runId))?.run : undefined;
  if (active && !TERMINAL.has(active.state)) {
    const pending = await kv.get<Pending>(keys.pending(req.accountId));
    const merged = mergePending(pending.value, active, req);
    op.check(pending).set(keys.pending(req.accountId), merged);
    if (dedup) op.set(keys.dedup(req.dedupKey!), active.id, { expireIn: DEDUP_TTL_MS });
    const ok = await op.commit();
    if (ok.ok) log.info("Trigger for {account_id} joins run {run_id}", runLog(active));
    return ok.ok ? { runId: active.id, created: false } : undefined;
  }
  const run = freshRun(deps.clock.now(), {
    accountId: req.accountId,
    trigger: req.trigger,
    statusIds: req.statusId ? [req.statusId] : [],
    dedupKey: req.dedupKey,
  });
  putRun(op, undefined, run);
  op.set(keys.accountRun(req.accountId), { runId: run.id });
  if (dedup) op.set(keys.dedup(req.dedupKey!), run.id, { expireIn: DEDUP_TTL_MS });
  enqueueRun(op, run.id, 0);
  const ok = await op.commit();
  if (!ok.ok) return undefined;
  log.info("Run {run_id} started for {account_id} by {trigger}", {
    ...runLog(run),
    trigger: req.trigger,
  });
  return { runId: run.id, created: true };
}

function mergePending(prev: Pending | null, active: Run, req: StartRequest): Pending {
  const statusIds = new Set(prev?.statusIds ?? []);
  if (req.statusId && !active.statusIds.includes(req.statusId)) statusIds.add(req.statusId);
  const triggers = [...(prev?.triggers ?? [])];
  if (!triggers.includes(req.trigger)) triggers.push(req.trigger);
  // A flood of statuses needs only the latest few to be judged again.
  return { statusIds: [...statusIds].slice(-MAX_PENDING_STATUSES), triggers };
}

function runLog(run: Run) {
  return { run_id: run.id, account_id: run.accountId };
}

/** One run, or undefined. */
export async function getRun(deps: Pick<WorkflowDeps, "kv">, runId: string) {
  return (await loadRun(deps.kv, runId))?.run;
}

/**
 * Runs, newest first, optionally in one state. `cursor` continues a previous page: it is the id
 * of the last run listed (ids sort by creation time), so a forged one only moves the page.
 */
export async function listRuns(
  deps: Pick<WorkflowDeps, "kv">,
  q: { state?: RunState; limit?: number; cursor?: string } = {},
): Promise<{ items: Run[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const prefix = q.state ? ["run_by_state", q.state] : ["run"];
  const selector = q.cursor ? { prefix, end: [...prefix, q.cursor] } : { prefix };
  const ids: string[] = [];
  for await (const e of deps.kv.list(selector, { reverse: true, limit })) {
    ids.push(String(e.key[e.key.length - 1]));
  }
  const items = await loadRuns(deps.kv, ids);
  return { items, nextCursor: ids.length === limit ? ids.at(-1) : undefined };
}

/**
 * How many runs are in each state, from the counters: exact for the states a run can rest or
 * work in (queued, the steps, waiting, failed); for done and skipped, how many runs ended so
 * since the counters were built (those runs expire after a week).
 */
export async function countRunsByState(
  deps: Pick<WorkflowDeps, "kv">,
): Promise<Record<RunState, number>> {
  const { held, entered } = await readRunCounts(deps.kv);
  const counts = Object.fromEntries(RUN_STATES.map((s) => [s, held[s] ?? entered[s] ?? 0]));
  return counts as Record<RunState, number>;
}

/** Sends a failed run back to the step that failed; the account must not be busy. */
export async function retryRun(deps: WorkflowDeps, runId: string): Promise<Run> {
  const loaded = await loadRun(deps.kv, runId);
  if (!loaded) throw new RunConflict(`run ${runId} does not exist`);
  if (loaded.run.state !== "failed") {
    throw new RunConflict(`run ${runId} is ${loaded.run.state}, only a failed run can be retried`);
  }
  const lock = await deps.kv.get<{ runId: string }>(keys.accountRun(loaded.run.accountId));
  if (lock.value && lock.value.runId !== runId) {
    throw new RunConflict(
      `account ${loaded.run.accountId} has an active run ${lock.value.runId}; retry when it ends`,
    );
  }
  const { next } = transition(loaded.run, { type: "retry" }, policyOf(deps.config));
  next.updatedAt = deps.clock.now().toISOString();
  const op = deps.kv.atomic().check({ key: keys.run(runId), versionstamp: loaded.versionstamp })
    .check(lock).set(keys.accountRun(next.accountId), { runId });
  putRun(op, loaded.run, next);
  enqueueRun(op, runId, 0);
  if (!(await op.commit()).ok) throw new RunConflict(`run ${runId} changed meanwhile; try again`);
  log.info("Run {run_id} retried from {step}", { ...runLog(next), step: next.state });
  return next;
}

/** Wakes every waiting run now (after a panic stop is lifted); returns how many. */
export async function resumeWaiting(deps: WorkflowDeps): Promise<number> {
  let resumed = 0;
  for await (const e of deps.kv.list({ prefix: ["run_by_state", "waiting"] })) {
    const loaded = await loadRun(deps.kv, String(e.key[2]));
    if (!loaded || loaded.run.state !== "waiting") continue;
    const { next } = transition(loaded.run, { type: "resume" }, policyOf(deps.config));
    next.updatedAt = deps.clock.now().toISOString();
    const op = deps.kv.atomic().check({
      key: keys.run(next.id),
      versionstamp: loaded.versionstamp,
    });
    putRun(op, loaded.run, next);
    enqueueRun(op, next.id, 0);
    if ((await op.commit()).ok) resumed++;
  }
  log.info("Resumed {count} waiting runs", { count: resumed });
  return resumed;
}

/** Messages the queue gave up on, with their runs. */
export async function listDeadLetters(
  deps: Pick<WorkflowDeps, "kv">,
): Promise<{ runId: string; run?: Run }[]> {
  const out: { runId: string; run?: Run }[] = [];
  for await (const e of deps.kv.list({ prefix: ["dead"] }, { limit: 1000 })) {
    const runId = String(e.key[1]);
    out.push({ runId, run: (await loadRun(deps.kv, runId))?.run });
  }
  return out;
}

/** Puts a dead-lettered run back on the queue and clears its dead letter. */
export async function redriveDeadLetter(deps: Pick<WorkflowDeps, "kv">, runId: string) {
  const dead = await deps.kv.get(keys.dead(runId));
  if (dead.versionstamp === null) throw new RunConflict(`run ${runId} has no dead letter`);
  const op = deps.kv.atomic().check(dead).delete(keys.dead(runId));
  enqueueRun(op, runId, 0);
  if (!(await op.commit()).ok) throw new RunConflict(`dead letter of ${runId} changed meanwhile`);
}

// Waiting runs too: their delayed message may be the one the queue gave up on.
const IN_FLIGHT: RunState[] = [
  "queued",
  "fetch_context",
  "score",
  "report",
  "notify",
  "audit",
  "waiting",
];

/**
 * Re-enqueues every run that is between steps, at start-up. After a crash the KV queue hands
 * back the messages that were being processed only after a delay; a second message for a run
 * is harmless (each transition is checked against the run's versionstamp), so nothing waits.
 * A KV from before the run counters existed gets them built first.
 */
export async function resumeInFlight(deps: Pick<WorkflowDeps, "kv">): Promise<number> {
  await ensureRunCounts(deps.kv);
  let resumed = 0;
  for (const state of IN_FLIGHT) {
    for await (const e of deps.kv.list({ prefix: ["run_by_state", state] })) {
      const op = deps.kv.atomic();
      enqueueRun(op, String(e.key[2]), 0);
      if ((await op.commit()).ok) resumed++;
    }
  }
  if (resumed > 0) log.info("Resumed {count} runs that were in flight", { count: resumed });
  return resumed;
}
