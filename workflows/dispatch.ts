/**
 * The dispatcher: loads a run, decides whether it may advance (panic stop), runs its current
 * step, and commits the next state together with the next message in one checked atomic.
 */
import { withContext } from "@logtape/logtape";
import { logger } from "../server/log.ts";
import { type Effect, type Event, isStep, transition } from "./machine.ts";
import { policyOf } from "./policy.ts";
import {
  addRelease,
  enqueueRun,
  HEARTBEAT_STALE_MS,
  keys,
  type LoadedRun,
  loadRun,
  putRun,
} from "./store.ts";
import { describe, isRetryable, RetryLater } from "./errors.ts";
import { MastodonError } from "../mastodon/errors.ts";
import { type Run, type RunState, type Step, type StepOutput, TERMINAL } from "./types.ts";
import type { WorkflowDeps } from "./types.ts";
import { fetchContext } from "./steps/fetch_context.ts";
import { score } from "./steps/score.ts";
import { report } from "./steps/report.ts";
import { notify, notifyEvent } from "./steps/notify.ts";
import { audit } from "./steps/audit.ts";
import { addToOutbox, deliverLeftovers, deliverOutbox } from "./audit_outbox.ts";

const log = logger("workflow");

/** A step: reads what it needs, does its I/O, returns fields for the run. */
export type StepFn = (deps: WorkflowDeps, run: Run) => Promise<StepOutput>;

/** The step functions by name; tests may swap one. */
export const STEP_FNS: Record<Step, StepFn> = {
  fetch_context: fetchContext,
  score,
  report,
  notify,
  audit,
};

// Identifies this process's leases; a new process (after a crash) has a new one.
const PROCESS_ID = crypto.randomUUID();

/**
 * Deliveries of each run being advanced in this process now, by lease owner and run. A lease of
 * this process's own with none in flight belongs to a step that ended without its commit (the
 * store refused it, e.g. while PostgreSQL restarted): nothing is running it, so it is taken back
 * at once instead of waiting for the lease to run out.
 */
const advancing = new Map<string, number>();

/** The id this process's leases carry. */
export function instanceOf(deps: Pick<WorkflowDeps, "instanceId">): string {
  return deps.instanceId ?? PROCESS_ID;
}

/** Advances a run by one transition; returns its state afterwards (undefined if unknown). */
export function processRun(
  deps: WorkflowDeps,
  runId: string,
  steps: Record<Step, StepFn> = STEP_FNS,
): Promise<RunState | undefined> {
  return withContext({ run_id: runId }, () => advance(deps, runId, steps));
}

async function advance(deps: WorkflowDeps, runId: string, steps: Record<Step, StepFn>) {
  const loaded = await loadRun(deps.kv, runId);
  if (!loaded) {
    log.warning("Message for unknown run {run_id} dropped", { run_id: runId });
    return undefined;
  }
  const { run } = loaded;
  // An audit row that could not be written after its commit is written before anything else.
  await deliverLeftovers(deps, runId);
  if (TERMINAL.has(run.state)) return run.state;
  const now = deps.clock.now().getTime();
  const self = instanceOf(deps);
  const mine = `${self} ${runId}`;
  if (run.leaseUntil !== undefined && run.leaseUntil > now) {
    const holder = run.leaseOwner;
    const beat = holder === undefined || holder === self
      ? null
      : (await deps.kv.get<number>(keys.alive(holder))).value;
    // KV expiry is lazy, so the time of the last beat decides, not the key's presence.
    const alive = holder === self
      ? (advancing.get(mine) ?? 0) > 0
      : beat !== null && now - beat < HEARTBEAT_STALE_MS;
    if (alive) {
      // Another delivery is running this step, here or in a live process: look again when
      // its lease ends, or sooner to notice a holder that has died meanwhile.
      await requeue(deps, runId, Math.min(run.leaseUntil - now, HEARTBEAT_STALE_MS));
      return run.state;
    }
    // The lease holder's heartbeat has stopped (killed mid-step), or the holder is this process
    // and its step ended without a commit: the work is done again here. Steps are safe to run
    // again.
    log.info(
      holder === self
        ? "Run {run_id} taken back: its last step here ended without its commit"
        : "Run {run_id} taken over from a stopped process",
      { run_id: runId },
    );
  }
  advancing.set(mine, (advancing.get(mine) ?? 0) + 1);
  try {
    const event = await nextEvent(deps, loaded, steps);
    if (!event) return run.state;
    return await commit(deps, event.loaded, event.event);
  } finally {
    const left = (advancing.get(mine) ?? 1) - 1;
    if (left > 0) advancing.set(mine, left);
    else advancing.delete(mine);
  }
}

async function nextEvent(
  deps: WorkflowDeps,
  loaded: LoadedRun,
  steps: Record<Step, StepFn>,
): Promise<{ loaded: LoadedRun; event: Event } | undefined> {
  const { run } = loaded;
  let panicStop: boolean;
  try {
    panicStop = (await deps.settings.read()).panicStop;
  } catch (err) {
    // Fail closed: without the panic flag nothing advances.
    log.error("Settings unreadable, run {run_id} holds: {error}", {
      run_id: run.id,
      error: describe(err),
    });
    // The run is not at fault: it holds where it is, without using a try, until the settings
    // can be read again (a database outage must not fail every run in flight).
    return void await requeue(deps, run.id, SETTINGS_RECHECK_MS);
  }
  if (panicStop) return { loaded, event: { type: "pause", reason: "panic_stop" } };
  if (run.state === "waiting") return { loaded, event: { type: "resume" } };
  if (run.state === "queued") return { loaded, event: { type: "start" } };
  if (!isStep(run.state)) return undefined;
  const claimed = await claim(deps, loaded);
  if (!claimed) return undefined;
  return { loaded: claimed, event: await runStep(deps, claimed.run, run.state, steps[run.state]) };
}

async function claim(deps: WorkflowDeps, loaded: LoadedRun): Promise<LoadedRun | undefined> {
  const run = {
    ...loaded.run,
    leaseUntil: deps.clock.now().getTime() + deps.config.leaseMs,
    leaseOwner: instanceOf(deps),
  };
  const res = await deps.kv.atomic().check({
    key: keys.run(run.id),
    versionstamp: loaded.versionstamp,
  })
    .set(keys.run(run.id), run).commit();
  return res.ok ? { run, versionstamp: res.versionstamp } : undefined;
}

async function runStep(deps: WorkflowDeps, run: Run, step: Step, fn: StepFn): Promise<Event> {
  const started = performance.now();
  try {
    const output = await fn(deps, run);
    log.info("Step {step} of run {run_id} done in {ms} ms", {
      step,
      run_id: run.id,
      ms: Math.round(performance.now() - started),
    });
    return { type: "step_ok", step, output };
  } catch (err) {
    if (err instanceof RetryLater) {
      log.info("Step {step} of run {run_id} looks again in {delayMs} ms: {reason}", {
        step,
        run_id: run.id,
        delayMs: err.delayMs,
        reason: err.message,
      });
      return { type: "throttled", step, delayMs: err.delayMs };
    }
    if (err instanceof MastodonError && err.code === "rate_limited") {
      const delayMs = throttleDelay(deps);
      log.info("Step {step} of run {run_id} waits {delayMs} ms for Mastodon's rate limit", {
        step,
        run_id: run.id,
        delayMs,
      });
      return { type: "throttled", step, delayMs };
    }
    const retryable = isRetryable(err);
    log.warning("Step {step} of run {run_id} failed (try {attempt}): {error}", {
      step,
      run_id: run.id,
      attempt: run.attempt + 1,
      retryable,
      error: describe(err),
    });
    return { type: "step_error", step, message: describe(err), retryable };
  }
}

const SETTINGS_RECHECK_MS = 5_000;
const MIN_THROTTLE_MS = 1_000;
const MAX_THROTTLE_MS = 5 * 60_000;

/** Until the rate-limit window resets (as Mastodon last said), with a little spread. */
function throttleDelay(deps: WorkflowDeps): number {
  const reset = deps.mastodon.rateLimit().reset?.getTime();
  const wait = reset === undefined ? 30_000 : reset - deps.clock.now().getTime();
  const spread = Math.floor(Math.random() * 2_000);
  return Math.min(MAX_THROTTLE_MS, Math.max(MIN_THROTTLE_MS, wait) + spread);
}

async function commit(deps: WorkflowDeps, loaded: LoadedRun, event: Event): Promise<RunState> {
  const { next, effects } = transition(loaded.run, event, policyOf(deps.config));
  next.updatedAt = deps.clock.now().toISOString();
  const audited = effects.flatMap((e) => e.type === "audit" ? [e.action] : []);
  delete next.leaseUntil;
  delete next.leaseOwner;
  // A failed commit caused only by the account's lock or pending triggers is tried again.
  for (let tries = 0; tries < 10; tries++) {
    const op = deps.kv.atomic().check({
      key: keys.run(next.id),
      versionstamp: loaded.versionstamp,
    });
    putRun(op, loaded.run, next);
    for (const e of effects) if (e.type === "enqueue") enqueueRun(op, next.id, e.delayMs);
    for (const action of audited) addToOutbox(op, next, action);
    // A run that ends has nothing left undelivered: its dead letter, if any, is settled.
    if (TERMINAL.has(next.state)) op.delete(keys.dead(next.id));
    const follow = effects.some((e) => e.type === "release")
      ? await addRelease(deps.kv, op, next, deps.clock.now())
      : undefined;
    if ((await op.commit()).ok) {
      logTransition(loaded.run, next, follow);
      try {
        await deliverOutbox(deps, next, audited);
      } catch (err) {
        // The transition stands; its audit row waits in the outbox for the next delivery.
        log.warning("Audit row of run {run_id} not written yet: {error}", {
          run_id: next.id,
          error: describe(err),
        });
        await requeue(deps, next.id, SETTINGS_RECHECK_MS);
      }
      await afterCommit(deps, next, effects);
      return next.state;
    }
    const current = await deps.kv.get(keys.run(next.id));
    if (current.versionstamp !== loaded.versionstamp) break;
  }
  log.warning("Run {run_id} changed meanwhile; its transition to {state} is dropped", {
    run_id: next.id,
    state: next.state,
  });
  return (await loadRun(deps.kv, next.id))?.run.state ?? next.state;
}

function logTransition(prev: Run, next: Run, follow?: Run) {
  log.info("Run {run_id} {from} → {to}", {
    run_id: next.id,
    account_id: next.accountId,
    from: prev.state,
    to: next.state,
    reason: next.reason,
    decision: next.decision,
    follow_up: follow?.id,
  });
}

async function afterCommit(deps: WorkflowDeps, run: Run, effects: Effect[]) {
  for (const e of effects) {
    if (e.type !== "notify") continue;
    await notifyEvent(
      deps,
      e.event,
      `MastoWatch: run ${run.id} for account ${run.accountId} failed: ${run.error ?? "?"}`,
    );
  }
}

async function requeue(deps: WorkflowDeps, runId: string, delayMs: number) {
  const op = deps.kv.atomic();
  enqueueRun(op, runId, delayMs);
  await op.commit();
}
