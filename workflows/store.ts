/** Where runs live in KV and the atomic building blocks every writer of a run uses. */
import type { Kv, KvAtomic } from "../kv/port.ts";
import { MessageSchema, type Run, RunSchema, type RunState, TERMINAL } from "./types.ts";

/** The KV keys of the workflow. */
export const keys = {
  run: (id: string) => ["run", id] as const,
  byState: (state: RunState, id: string) => ["run_by_state", state, id] as const,
  accountRun: (accountId: string) => ["account_run", accountId] as const,
  pending: (accountId: string) => ["account_pending", accountId] as const,
  dedup: (key: string) => ["dedup", key] as const,
  dead: (id: string) => ["dead", id] as const,
  intent: (id: string) => ["report_intent", id] as const,
  /** A running worker's heartbeat; gone soon after its process is. */
  alive: (processId: string) => ["process_alive", processId] as const,
  /** Runs in `state` now (a Deno.KvU64), for the states whose runs never expire. */
  runCount: (state: RunState) => ["run_count", state] as const,
  /** How often runs entered the final `state` (a Deno.KvU64) since the counters were built. */
  runEntered: (state: RunState) => ["run_entered", state] as const,
  /** Present once this KV's run counters were built (`ensureRunCounts`). */
  runCountsBuilt: () => ["run_counts_built"] as const,
  /** A committed transition's audit row not yet written to Postgres (by run, or all). */
  auditOutbox: (runId?: string, action?: string) =>
    ["audit_outbox", ...(runId ? [runId] : []), ...(action ? [action] : [])] as string[],
  /** The account's statuses_count when a run last gathered its context. */
  seenCount: (accountId: string) => ["seen_count", accountId],
  /** When young remote accounts were last re-read for missed statuses. */
  youngRecheckAt: () => ["young_recheck_at"],
  /** Until when a streamed status of an account waits for the run started for it. */
  streamSlot: (accountId: string) => ["stream_slot", accountId],
  /** The moderators' open report backlog at Mastodon, as the last outcome sync counted it. */
  backlog: () => ["report_backlog"] as const,
  /** Reports we filed since the backlog count taken at `at` (ISO time). */
  backlogFiled: (at: string) => ["report_backlog_filed", at] as const,
  /** Runs waiting for room in the backlog, highest score first (or all). */
  backlogQueue: (score?: number, since?: string, runId?: string) =>
    ["backlog_queue", ...(score === undefined ? [] : [-score, since!, runId!])] as (
      | string
      | number
    )[],
  /** Where a run stands in the backlog queue. */
  backlogPlace: (runId: string) => ["backlog_place", runId] as const,
  /**
   * A webhook delivery stored alone, as versions before batches stored them: still read and
   * drained, no longer written (by id, or all).
   */
  inbox: (deliveryId?: string) => ["webhook_inbox", ...(deliveryId ? [deliveryId] : [])],
  /** Webhook deliveries stored together by one group commit, not yet all handed over. */
  inboxBatch: (batchId?: string) => ["webhook_inbox_batch", ...(batchId ? [batchId] : [])],
};

const DAY_MS = 86_400_000;
/** How often a worker records that it is alive, and when a silent one counts as gone. */
export const HEARTBEAT_MS = 10_000;
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_MS;
/** Finished runs stay visible for a week; failed ones until retried or cleared. */
const FINISHED_TTL_MS = 7 * DAY_MS;
/** A dedup key gives the same run for a day. */
export const DEDUP_TTL_MS = DAY_MS;

/** A run read from KV with the versionstamp its writer must check. */
export interface LoadedRun {
  run: Run;
  versionstamp: string;
}

/** Reads and validates a run; undefined when it does not exist. */
export async function loadRun(kv: Kv, id: string): Promise<LoadedRun | undefined> {
  const entry = await kv.get(keys.run(id));
  if (entry.versionstamp === null) return undefined;
  return { run: RunSchema.parse(entry.value), versionstamp: entry.versionstamp };
}

/** The shape of the ids `newRunId` makes. */
export const RUN_ID = /^[0-9a-z]{9}-[0-9a-f]{8}$/;

/** A new run id: sortable by creation time, so lists read newest first. */
export function newRunId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Adds the message that wakes `runId`; undelivered messages land at ["dead", runId]. */
export function enqueueRun(op: KvAtomic, runId: string, delayMs: number): void {
  op.enqueue(MessageSchema.parse({ runId }), {
    delay: Math.max(0, Math.round(delayMs)),
    keysIfUndelivered: [keys.dead(runId)],
  });
}

/** True for the states whose runs expire (done, skipped): counted as they end, not as held. */
export function expires(state: RunState): boolean {
  return TERMINAL.has(state) && state !== "failed";
}

/**
 * Stores `next` and keeps the by-state index and the run counters in step with it, in the
 * caller's atomic: `prev` must be the run as stored (the caller checks its versionstamp).
 */
export function putRun(op: KvAtomic, prev: Run | undefined, next: Run): void {
  const options = expires(next.state) ? { expireIn: FINISHED_TTL_MS } : undefined;
  op.set(keys.run(next.id), next, options);
  if (prev && prev.state !== next.state) op.delete(keys.byState(prev.state, prev.id));
  op.set(keys.byState(next.state, next.id), { accountId: next.accountId }, options);
  if (prev?.state !== next.state) countMove(op, prev?.state, next.state);
}

// KV sums wrap modulo 2^64, so adding 2^64 - 1 takes one away.
const MINUS_ONE = (1n << 64n) - 1n;

function countMove(op: KvAtomic, from: RunState | undefined, to: RunState): void {
  if (from !== undefined && !expires(from)) op.sum(keys.runCount(from), MINUS_ONE);
  if (!expires(to)) op.sum(keys.runCount(to), 1n);
  if (TERMINAL.has(to)) op.sum(keys.runEntered(to), 1n);
}

/** Work that arrived for an account while it had an active run. */
export interface Pending {
  statusIds: string[];
  triggers: Run["trigger"][];
}

/**
 * Adds to `op` the release of the account held by `run`: when triggers arrived meanwhile a
 * follow-up run takes the account over, else the account is freed. Returns the follow-up.
 */
export async function addRelease(
  kv: Kv,
  op: KvAtomic,
  run: Run,
  now: Date,
): Promise<Run | undefined> {
  const [lock, pending] = await kv.getMany<[{ runId: string }, Pending]>([
    keys.accountRun(run.accountId),
    keys.pending(run.accountId),
  ]);
  op.check(lock, pending);
  if (lock.value?.runId !== run.id) return undefined;
  if (!pending.value) {
    op.delete(keys.accountRun(run.accountId));
    return undefined;
  }
  const follow = freshRun(now, {
    accountId: run.accountId,
    trigger: pending.value.triggers[0] ?? run.trigger,
    statusIds: pending.value.statusIds,
  });
  putRun(op, undefined, follow);
  op.set(keys.accountRun(run.accountId), { runId: follow.id });
  op.delete(keys.pending(run.accountId));
  enqueueRun(op, follow.id, 0);
  return follow;
}

/** A run in state queued. */
export function freshRun(
  now: Date,
  r: Pick<Run, "accountId" | "trigger" | "statusIds" | "dedupKey">,
): Run {
  const at = now.toISOString();
  return {
    id: newRunId(now),
    accountId: r.accountId,
    trigger: r.trigger,
    statusIds: r.statusIds,
    dedupKey: r.dedupKey,
    state: "queued",
    attempt: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** Reads many runs by id (KV reads at most 10 keys at once). */
export async function loadRuns(kv: Kv, ids: string[]): Promise<Run[]> {
  const out: Run[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const entries = await kv.getMany(ids.slice(i, i + 10).map((id) => keys.run(id)));
    for (const e of entries) if (e.versionstamp !== null) out.push(RunSchema.parse(e.value));
  }
  return out;
}
