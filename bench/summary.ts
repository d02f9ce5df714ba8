/** What `deno task bench` measured, and the figures derived from it (medians, ratios, growth). */
import type { ApiCallFigures } from "./api_calls.ts";
import type { EngineFigures } from "./engine_vs_naive.ts";
import type { Machine } from "./machine.ts";
import type { MemoryFigures, MemorySample } from "./memory.ts";
import { median } from "./stats.ts";
import type { TimeToReportFigures } from "./time_to_report.ts";
import type { IntakeFigures } from "./webhook_intake.ts";

/** How many senders the intake runs use, and the levels each server's capacity is sought at. */
export const SENDERS = 32;
export const CAPACITY_SENDERS = [32, 64, 128, 256];

/** When, on what code and under what load a measurement was taken. */
export interface Taken {
  date: string;
  code: string;
  /** /proc/loadavg (1, 5, 15 min) when it started. */
  load: string;
}

/** A measurement's result, or why it could not be taken; `taken` says when it was. */
export type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: string }) & {
  taken?: Taken;
};

/** The measurements, by the name `--only` takes. */
export const PARTS = ["intake", "engine", "api", "ttr", "memory"] as const;
export type Part = typeof PARTS[number];

/**
 * Parses `--only=a,b`: the parts to measure again (every part without it). An unknown name is
 * refused, naming the known ones.
 */
export function onlyParts(args: string[]): Part[] {
  const flag = args.find((a) => a.startsWith("--only="));
  if (!flag) return [...PARTS];
  const names = flag.slice("--only=".length).split(",").map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--only takes ${PARTS.join(", ")}; got ${flag.slice(7) || "nothing"}`);
  }
  return names as Part[];
}

/** Everything one run of the bench produced. */
export interface BenchResults {
  quick: boolean;
  /** The parts this run measured; the others were kept from an earlier run. */
  measured: Part[];
  machine: Machine;
  /** /proc/loadavg when the run started and ended: other work on the machine skews figures. */
  load: { start: string; end: string };
  seconds: number;
  intake: Outcome<IntakeFigures[]>;
  engine: Outcome<EngineFigures[]>;
  api: Outcome<ApiCallFigures>;
  ttr: Outcome<TimeToReportFigures>;
  memory: Outcome<MemoryFigures>;
}

/** The median figures of one intake mode. */
export interface IntakeMedian {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  runs: number;
}

/** The senders of a run (runs measured before the field existed had 32). */
export const sendersOf = (r: IntakeFigures) => r.concurrency ?? SENDERS;

/** A server's best median rate over the levels of senders it was loaded with. */
export interface IntakeCapacity {
  perSecond: number;
  /** The level the best rate was reached at. */
  senders: number;
  /** Each level's median rate, in the order of the levels. */
  levels: { senders: number; perSecond: number; p50Ms: number; p99Ms: number; runs: number }[];
}

/**
 * Medians of the bare and the service runs at 32 senders, and the service's throughput over the
 * bare one; the same for the runs without the durable write, when there are any. When the runs
 * include further levels of senders, each server's capacity (its best level's median) and the
 * ratio of the two capacities.
 */
export function intakeSummary(all: IntakeFigures[]) {
  const runs = all.filter((r) => sendersOf(r) === SENDERS);
  const of = (mode: IntakeFigures["mode"], pool = runs): IntakeMedian => {
    const mine = pool.filter((r) => r.mode === mode);
    return {
      perSecond: median(mine.map((r) => r.perSecond)),
      p50Ms: median(mine.map((r) => r.p50Ms)),
      p99Ms: median(mine.map((r) => r.p99Ms)),
      failures: mine.reduce((n, r) => n + r.failures, 0),
      runs: mine.length,
    };
  };
  const bare = of("bare");
  const service = of("service");
  const unstored = runs.some((r) => r.mode === "unstored") ? of("unstored") : undefined;
  // The n-th service run over the n-th bare run: the runs of one round, moments apart.
  const bares = runs.filter((r) => r.mode === "bare");
  const rounds = runs.filter((r) => r.mode === "service").slice(0, bares.length)
    .map((r, i) => r.perSecond / bares[i].perSecond);
  const capacityOf = (mode: IntakeFigures["mode"]): IntakeCapacity => {
    const senders = [...new Set(all.filter((r) => r.mode === mode).map(sendersOf))]
      .sort((a, b) => a - b);
    const levels = senders.map((n) => ({
      senders: n,
      ...of(mode, all.filter((r) => sendersOf(r) === n)),
    }));
    const best = levels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    return { perSecond: best.perSecond, senders: best.senders, levels };
  };
  let capacity;
  if (new Set(all.map(sendersOf)).size > 1) {
    const [bare, service] = [capacityOf("bare"), capacityOf("service")];
    capacity = { bare, service, ratio: service.perSecond / bare.perSecond };
  }
  return {
    bare,
    service,
    ratio: service.perSecond / bare.perSecond,
    capacity,
    /** The lowest and highest ratio of one round's runs. */
    roundRatios: rounds.length > 0
      ? { min: Math.min(...rounds), max: Math.max(...rounds) }
      : undefined,
    unstored: unstored && { ...unstored, ratio: unstored.perSecond / bare.perSecond },
  };
}

/**
 * Memory growth from the sample at a tenth of the accounts (10k of 100k: past start-up and the
 * first compilations) to the last one; from the first sample when there is none at a tenth.
 */
export function memoryGrowth(samples: MemorySample[]) {
  if (samples.length === 0) throw new Error("no memory samples");
  const last = samples[samples.length - 1];
  const tenth = samples.find((s) => s.accounts === Math.round(last.accounts / 10));
  const first = tenth && tenth !== last ? tenth : samples[0];
  return {
    from: first.accounts,
    to: last.accounts,
    rssMiB: last.rssMiB - first.rssMiB,
    heapUsedMiB: last.heapUsedMiB - first.heapUsedMiB,
    /** Heap growth per 10,000 accounts, to compare runs of different lengths. */
    heapKiBPer10k: last.accounts === first.accounts
      ? 0
      : ((last.heapUsedMiB - first.heapUsedMiB) * 1024 * 10_000) / (last.accounts - first.accounts),
  };
}

/** Postgres transactions per account between two samples (migrations and set-up excluded). */
export function transactionsPerAccount(samples: MemorySample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const a = samples[0];
  const b = samples[samples.length - 1];
  return (b.postgresTransactions - a.postgresTransactions) / (b.accounts - a.accounts);
}
