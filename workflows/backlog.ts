/**
 * The moderators' backlog: when Mastodon's open reports (everyone's, counted at each outcome
 * sync) reach REPORT_BACKLOG_LIMIT, our reports wait in a queue ordered by score, and as room
 * frees the highest scores are filed first. A waiting run keeps its state in KV and looks again
 * on its own schedule, so nothing is dropped; a place is taken in the same atomic as the report
 * intent, so two runs cannot both take the last place.
 */
import { countReportsSince } from "../db/reports.ts";
import type { Kv, KvAtomic } from "../kv/port.ts";
import { enqueueRun, keys } from "./store.ts";
import type { WorkflowDeps } from "./types.ts";

/** The open report backlog at Mastodon when an outcome sync counted it. */
export interface BacklogCount {
  /** Open reports counted (at most the limit plus one: counting stops there). */
  open: number;
  /** True when counting stopped before the end of the list. */
  atLeast: boolean;
  at: string;
}

/** A run's place in the backlog queue. */
interface Place {
  runId: string;
  score: number;
  since: string;
  /** When the run last looked; a place not looked at for long is dropped from the count. */
  seen: string;
}

const TTL_MS = 30 * 86_400_000;

type Deps = Pick<WorkflowDeps, "kv" | "sql" | "clock" | "config">;

/** Records what an outcome sync counted. */
export async function recordBacklog(kv: Kv, count: BacklogCount): Promise<void> {
  await kv.set(keys.backlog(), count, { expireIn: TTL_MS });
}

/** The last count, or undefined before the first sync. */
export async function readBacklog(kv: Kv): Promise<BacklogCount | undefined> {
  return (await kv.get<BacklogCount>(keys.backlog())).value ?? undefined;
}

/** A place not refreshed within this long belongs to a run that no longer waits. */
function staleAfterMs(deps: Deps): number {
  return 3 * deps.config.budgetRecheckMs + 60_000;
}

/**
 * Whether the run, with this score, may be filed now. With room, `take` adds to `op` what takes
 * the place (checked against what was read, so a concurrent taker makes the commit fail and the
 * caller read again). Without room the run joins (or stays in) the queue.
 */
export async function backlogGate(
  deps: Deps,
  runId: string,
  score: number,
): Promise<{ room: true; take(op: KvAtomic): void } | { room: false }> {
  const limit = deps.config.reportBacklogLimit ?? 0;
  if (limit <= 0) return { room: true, take: () => {} };
  const count = await deps.kv.get<BacklogCount>(keys.backlog());
  // Never counted yet (no sync has run): nothing to hold back against.
  if (count.value === null) return { room: true, take: (op) => void op.check(count) };
  const filedKey = keys.backlogFiled(count.value.at);
  const [filed, place] = await deps.kv.getMany<[number, Place]>([
    filedKey,
    keys.backlogPlace(runId),
  ]);
  const ours = Math.max(
    filed.value ?? 0,
    await countReportsSince(deps.sql, new Date(count.value.at)),
  );
  const room = limit - count.value.open - ours;
  if (room <= 0 || (await countAhead(deps, runId, score, room)) >= room) {
    await joinQueue(deps, runId, score, place.value);
    return { room: false };
  }
  return {
    room: true,
    take: (op) => {
      op.check(count, filed, place).set(filedKey, ours + 1, { expireIn: TTL_MS });
      if (place.value) {
        op.delete(keys.backlogPlace(runId));
        op.delete(queueKey(place.value));
      }
    },
  };
}

/** Leaves the queue (a run that no longer wants to file); harmless when not in it. */
export async function leaveBacklogQueue(deps: Pick<Deps, "kv">, runId: string): Promise<void> {
  const place = await deps.kv.get<Place>(keys.backlogPlace(runId));
  if (!place.value) return;
  await deps.kv.atomic().check(place).delete(keys.backlogPlace(runId))
    .delete(queueKey(place.value)).commit();
}

/** The runs waiting for room, in the order they will be filed. */
export async function listBacklogQueue(deps: Deps, limit = 100): Promise<Place[]> {
  const out: Place[] = [];
  const now = deps.clock.now().getTime();
  for await (const e of deps.kv.list<Place>({ prefix: keys.backlogQueue() })) {
    if (now - Date.parse(e.value.seen) > staleAfterMs(deps)) continue;
    out.push(e.value);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Wakes the runs that the room just counted lets through (highest scores first), instead of
 * leaving them to their next look; returns how many. A woken run that finds no room waits again.
 */
export async function wakeForRoom(deps: Deps, room: number): Promise<number> {
  if (room <= 0) return 0;
  const places = await listBacklogQueue(deps, room);
  for (const p of places) {
    const op = deps.kv.atomic();
    enqueueRun(op, p.runId, 0);
    await op.commit();
  }
  return places.length;
}

function queueKey(p: Place) {
  return keys.backlogQueue(p.score, p.since, p.runId);
}

/** Places ahead of this run that still wait, counting at most to `room`. */
async function countAhead(deps: Deps, runId: string, score: number, room: number) {
  const now = deps.clock.now().getTime();
  let ahead = 0;
  for await (const e of deps.kv.list<Place>({ prefix: keys.backlogQueue() })) {
    const p = e.value;
    if (p.runId === runId || p.score < score) break;
    if (now - Date.parse(p.seen) > staleAfterMs(deps)) {
      // Its run stopped waiting without leaving (it failed, or was cleared): not ahead.
      await deps.kv.atomic().check(e).delete(e.key).commit();
      continue;
    }
    if (++ahead >= room) break;
  }
  return ahead;
}

async function joinQueue(deps: Deps, runId: string, score: number, held: Place | null) {
  const now = deps.clock.now().toISOString();
  const place: Place = held && held.score === score
    ? { ...held, seen: now }
    : { runId, score, since: now, seen: now };
  const op = deps.kv.atomic()
    .set(keys.backlogPlace(runId), place, { expireIn: TTL_MS })
    .set(queueKey(place), place, { expireIn: TTL_MS });
  if (held && held.score !== score) op.delete(queueKey(held));
  await op.commit();
}
