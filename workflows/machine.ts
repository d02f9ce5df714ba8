/**
 * The workflow's transition function: pure, `(run, event) → { next, effects }`. The dispatcher
 * runs steps and applies effects; this file only decides where a run goes next.
 */
import type { Decision, Run, RunState, Step, StepOutput } from "./types.ts";

/** Something that happened to a run. */
export type Event =
  | { type: "start" }
  | { type: "step_ok"; step: Step; output: StepOutput }
  | { type: "step_error"; step: Step; message: string; retryable: boolean }
  /** Mastodon's rate limit is spent: the step waits for the window without using a try. */
  | { type: "throttled"; step: Step; delayMs: number }
  | { type: "pause"; reason: "panic_stop" }
  | { type: "resume" }
  | { type: "retry" };

/** What the dispatcher must do besides storing the next run, as data. */
export type Effect =
  | { type: "enqueue"; delayMs: number }
  | { type: "audit"; action: Decision | "failed" }
  | { type: "notify"; event: "run.failed" }
  | { type: "release" };

/** Retry and wait timings the machine needs to decide delays. */
export interface Policy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  panicRecheckMs: number;
  budgetRecheckMs: number;
}

/** The result of one transition. */
export interface Transition {
  next: Run;
  effects: Effect[];
}

/** Raised for an event the run's state does not accept: a bug in the caller. */
export class InvalidTransition extends Error {
  constructor(state: RunState, event: Event["type"]) {
    super(`a run in state "${state}" cannot take event "${event}"`);
    this.name = "InvalidTransition";
  }
}

const AFTER: Record<Exclude<Step, "report">, RunState | "end"> = {
  fetch_context: "score",
  score: "report",
  notify: "audit",
  audit: "end",
};

/** Exponential backoff after the `attempt`-th failure (1-based), capped. */
export function backoffMs(policy: Policy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** True when `state` is a step the dispatcher runs. */
export function isStep(state: RunState): state is Step {
  return state in AFTER || state === "report";
}

/** Where `run` goes after `event`, and what must happen along the way. */
export function transition(run: Run, event: Event, policy: Policy): Transition {
  switch (event.type) {
    case "start":
      if (run.state !== "queued") break;
      return go(run, "fetch_context");
    case "step_ok":
      if (run.state !== event.step) break;
      return afterStep(
        { ...run, ...event.output, attempt: 0, error: undefined },
        event.step,
        policy,
      );
    case "step_error":
      if (run.state !== event.step) break;
      return afterError(run, event, policy);
    case "throttled":
      if (run.state !== event.step) break;
      return { next: run, effects: [{ type: "enqueue", delayMs: event.delayMs }] };
    case "pause":
      if (run.state === "waiting") {
        // Whatever it waited for, it now waits for the panic stop to be lifted, then re-checks.
        return {
          next: { ...run, reason: "panic_stop" },
          effects: [{ type: "enqueue", delayMs: policy.panicRecheckMs }],
        };
      }
      if (run.state !== "queued" && !isStep(run.state)) break;
      return {
        next: {
          ...run,
          state: "waiting",
          reason: "panic_stop",
          resumeStep: isStep(run.state) ? run.state : "fetch_context",
        },
        effects: [{ type: "enqueue", delayMs: policy.panicRecheckMs }],
      };
    case "resume":
      if (run.state !== "waiting") break;
      return go({ ...run, reason: undefined, attempt: 0 }, run.resumeStep ?? "fetch_context");
    case "retry":
      if (run.state !== "failed") break;
      return go({ ...run, error: undefined, attempt: 0 }, run.resumeStep ?? "fetch_context");
  }
  throw new InvalidTransition(run.state, event.type);
}

function go(run: Run, state: RunState, delayMs = 0): Transition {
  return {
    next: { ...run, state, resumeStep: undefined },
    effects: [{ type: "enqueue", delayMs }],
  };
}

function afterStep(run: Run, step: Step, policy: Policy): Transition {
  if (step !== "report") {
    const after = AFTER[step];
    if (after !== "end") return go(run, after);
    const skipped = run.decision?.startsWith("skipped_") ?? false;
    return {
      next: { ...run, state: skipped ? "skipped" : "done" },
      effects: [{ type: "release" }],
    };
  }
  switch (run.decision) {
    case "waiting_budget":
    case "waiting_backlog":
      // Both wait at the report step and look again; neither drops the run.
      return {
        next: {
          ...run,
          state: "waiting",
          reason: run.decision === "waiting_budget" ? "budget" : "backlog",
          resumeStep: "report",
        },
        effects: [
          { type: "audit", action: run.decision },
          { type: "enqueue", delayMs: policy.budgetRecheckMs },
        ],
      };
    case "skipped_below_threshold":
      return go(run, "audit");
    case undefined:
      throw new Error(`report step of run ${run.id} ended without a decision`);
    default:
      return go(run, "notify");
  }
}

function afterError(
  run: Run,
  event: { step: Step; message: string; retryable: boolean },
  policy: Policy,
): Transition {
  const attempt = run.attempt + 1;
  if (event.retryable && attempt < policy.maxAttempts) {
    return {
      next: { ...run, attempt, error: event.message },
      effects: [{ type: "enqueue", delayMs: backoffMs(policy, attempt) }],
    };
  }
  return {
    next: { ...run, state: "failed", attempt, error: event.message, resumeStep: event.step },
    effects: [{ type: "audit", action: "failed" }, { type: "notify", event: "run.failed" }, {
      type: "release",
    }],
  };
}
