/**
 * Run counts from the counters `putRun` keeps in the same atomic as each transition: a few key
 * reads, not one per run. Runs in states that never expire are counted as held now (exact);
 * done and skipped runs expire after a week, so those states are counted as entered, a total
 * since the counters were built. `ensureRunCounts` builds them once for a KV that has none.
 */
import type { Kv } from "../kv/port.ts";
import { logger } from "../server/log.ts";
import { expires, keys } from "./store.ts";
import { RUN_STATES, type RunState, TERMINAL } from "./types.ts";

const log = logger("workflow");

/** The states counted as held now: queued, the steps, waiting, failed. */
export const HELD_STATES: readonly RunState[] = RUN_STATES.filter((s) => !expires(s));
/** The final states, counted each time a run enters one. */
export const FINAL_STATES: readonly RunState[] = RUN_STATES.filter((s) => TERMINAL.has(s));

/** What the counters say. */
export interface RunCounts {
  /** Runs in each of HELD_STATES now. */
  held: Partial<Record<RunState, number>>;
  /** How often runs entered each of FINAL_STATES since the counters were built. */
  entered: Partial<Record<RunState, number>>;
}

const COUNTER_KEYS: Deno.KvKey[] = [
  ...HELD_STATES.map((s) => keys.runCount(s)),
  ...FINAL_STATES.map((s) => keys.runEntered(s)),
];

async function readCounters(kv: Kv): Promise<Deno.KvEntryMaybe<Deno.KvU64>[]> {
  const out: Deno.KvEntryMaybe<Deno.KvU64>[] = [];
  // KV reads at most 10 keys at once.
  for (let i = 0; i < COUNTER_KEYS.length; i += 10) {
    out.push(...await kv.getMany<Deno.KvU64[]>(COUNTER_KEYS.slice(i, i + 10)));
  }
  return out;
}

function valueOf(e: Deno.KvEntryMaybe<Deno.KvU64>): number {
  // Decrements are sums of 2^64 - 1; read as signed, a negative count is a bug to be seen.
  const n = e.value === null ? 0 : Number(BigInt.asIntN(64, e.value.value));
  if (n < 0) log.warning("Run counter {key} is {n}", { key: e.key.join("/"), n });
  return n;
}

/** Reads the run counters. */
export async function readRunCounts(kv: Kv): Promise<RunCounts> {
  const entries = await readCounters(kv);
  const held: Partial<Record<RunState, number>> = {};
  const entered: Partial<Record<RunState, number>> = {};
  HELD_STATES.forEach((s, i) => held[s] = valueOf(entries[i]));
  FINAL_STATES.forEach((s, i) => entered[s] = valueOf(entries[HELD_STATES.length + i]));
  return { held, entered };
}

/** Counts the runs in each state from the by-state index: reads every run kept. */
export async function recountRunsByState(kv: Kv): Promise<Record<RunState, number>> {
  const counts = Object.fromEntries(RUN_STATES.map((s) => [s, 0])) as Record<RunState, number>;
  for (const state of RUN_STATES) {
    for await (const _ of kv.list({ prefix: ["run_by_state", state] })) counts[state]++;
  }
  return counts;
}

const BUILD_TRIES = 10;

/**
 * Builds the run counters from the by-state index when this KV has none (a KV file from before
 * they existed); returns whether it built them. The entered totals start from the finished runs
 * still kept. Exact while runs move: the commit checks every counter, and every transition that
 * changes a count sums one, so a move between the reading and the commit makes it count again.
 */
export async function ensureRunCounts(kv: Kv): Promise<boolean> {
  for (let tries = 0; tries < BUILD_TRIES; tries++) {
    const built = await kv.get(keys.runCountsBuilt());
    if (built.versionstamp !== null) return false;
    const counters = await readCounters(kv);
    const counts = await recountRunsByState(kv);
    const op = kv.atomic().check(built, ...counters);
    for (const s of HELD_STATES) op.set(keys.runCount(s), new Deno.KvU64(BigInt(counts[s])));
    for (const s of FINAL_STATES) op.set(keys.runEntered(s), new Deno.KvU64(BigInt(counts[s])));
    op.set(keys.runCountsBuilt(), { version: 1 });
    if ((await op.commit()).ok) {
      log.info("Run counters built from the by-state index", { counts });
      return true;
    }
  }
  // Not fatal: the counts stay off until a later start builds them.
  log.error("Run counters not built: runs kept moving over {tries} tries", { tries: BUILD_TRIES });
  return false;
}
