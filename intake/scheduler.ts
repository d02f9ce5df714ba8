/** Schedules on Deno.cron. Its granularity is a minute, so shorter intervals run several times
 * within each minute's invocation. With several processes (QUEUE=postgres) each job holds a lease
 * in the shared store, so that each interval's run happens in one process only. */
import type { Kv } from "../kv/port.ts";
import { logger } from "../server/log.ts";

const log = logger("schedule");

/** A named job run every `seconds`. */
export interface Job {
  name: string;
  seconds: number;
  run(): Promise<unknown>;
  /** Runs in every process (it updates this process's own state, such as its metrics). */
  perProcess?: boolean;
}

/**
 * How long a run may go on before the next one is let start: ten intervals, and never less than
 * 15 minutes (a poll may wait out Mastodon's rate limits). A run should never get that far; one
 * that does is waiting on something that will not answer, such as a query postgres.js lost with
 * its connection while PostgreSQL restarted (porsager/postgres#1193), and without this bound it
 * would stop the schedule for good.
 */
export function runDeadlineMs(seconds: number): number {
  return Math.max(15 * 60_000, 10 * seconds * 1000);
}

/**
 * Runs a job, never letting two runs of it overlap nor an error escape; a run past its deadline
 * no longer holds the next one back (it is logged, and left to end when it may).
 */
export function guarded(
  job: Job,
  now: () => number = Date.now,
  deadlineMs = runDeadlineMs(job.seconds),
): () => Promise<void> {
  let running: { startedAt: number } | undefined;
  return async () => {
    const t = now();
    if (running && t - running.startedAt < deadlineMs) return;
    if (running) {
      log.error(
        "Scheduled job {name} has run for {minutes} min without ending; the next run goes ahead",
        {
          name: job.name,
          minutes: Math.round((t - running.startedAt) / 60_000),
        },
      );
    }
    const mine = { startedAt: t };
    running = mine;
    try {
      await job.run();
    } catch (err) {
      log.error("Scheduled job {name} failed: {error}", {
        name: job.name,
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      if (running === mine) running = undefined;
    }
  };
}

/**
 * The cron schedule of an interval, and how many runs each firing makes. Sub-minute intervals
 * fire every minute and run several times within it; longer ones round down to whole minutes,
 * or to whole hours from an hour up (cron cannot say "every 90 minutes").
 */
export function cronPlan(seconds: number): { schedule: string; runsPerFiring: number } {
  if (seconds < 60) {
    return { schedule: "* * * * *", runsPerFiring: Math.max(1, Math.floor(60 / seconds)) };
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { schedule: `*/${minutes} * * * *`, runsPerFiring: 1 };
  const hours = Math.min(Math.floor(minutes / 60), 23);
  return { schedule: hours === 1 ? "0 * * * *" : `0 */${hours} * * *`, runsPerFiring: 1 };
}

/** Registers each job with Deno.cron and runs it once at once; `signal` ends the schedules. */
export function startSchedules(jobs: Job[], signal: AbortSignal): void {
  for (const job of jobs) {
    const tick = guarded(job);
    const { schedule, runsPerFiring } = cronPlan(job.seconds);
    Deno.cron(job.name, schedule, { signal }, async () => {
      for (let i = 0; i < runsPerFiring && !signal.aborted; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, job.seconds * 1000));
        await tick();
      }
    });
    // The first run does not wait for the next minute.
    queueMicrotask(() => void tick());
  }
}

/** A job's lease: when its last run started and in which process. */
interface Lease {
  at: number;
  owner: string;
}

/** Of an interval, the share that must have passed since another process's run. */
const LEASE_SHARE = 0.9;

/**
 * Wraps jobs so that, among processes sharing `kv`, each interval's run happens once: a run
 * first takes the job's lease with a checked commit, and is skipped while another process's run
 * of this interval holds it. A process that dies stops taking leases; the others take over at
 * their next tick. Jobs marked `perProcess` are left as they are.
 */
export function onceAcrossProcesses(
  kv: Kv,
  jobs: Job[],
  owner: string = crypto.randomUUID(),
  now: () => number = Date.now,
): Job[] {
  return jobs.map((job) => {
    if (job.perProcess) return job;
    const key = ["schedule_lease", job.name];
    const intervalMs = job.seconds * 1000;
    return {
      ...job,
      run: async () => {
        const held = await kv.get<Lease>(key);
        const t = now();
        if (held.value && t - held.value.at < intervalMs * LEASE_SHARE) return;
        const lease: Lease = { at: t, owner };
        const claim = await kv.atomic().check(held).set(key, lease, {
          expireIn: 2 * intervalMs + 60_000,
        }).commit();
        if (claim.ok) return await job.run();
      },
    };
  });
}

/** What is known of a schedule: its interval, its last run and how it ended. */
export interface JobStatus {
  name: string;
  seconds: number;
  running: boolean;
  lastStartedAt?: Date;
  lastFinishedAt?: Date;
  /** The error of the last run that failed, and when; cleared by a run that succeeds. */
  lastError?: string;
  lastErrorAt?: Date;
  /** When the next run is due: an interval after the last start. */
  nextRunAt?: Date;
}

/** Records each job's runs, for the settings page. */
export class JobBoard {
  readonly #status = new Map<string, JobStatus>();
  constructor(private readonly now: () => number = Date.now) {}

  /** The jobs, wrapped so that every run (scheduled or by hand) is recorded. */
  track(jobs: Job[]): Job[] {
    return jobs.map((job) => {
      const s: JobStatus = { name: job.name, seconds: job.seconds, running: false };
      this.#status.set(job.name, s);
      return {
        ...job,
        run: async () => {
          s.running = true;
          s.lastStartedAt = new Date(this.now());
          try {
            const result = await job.run();
            s.lastError = undefined;
            s.lastErrorAt = undefined;
            return result;
          } catch (err) {
            s.lastError = err instanceof Error ? err.message : String(err);
            s.lastErrorAt = new Date(this.now());
            throw err;
          } finally {
            s.running = false;
            s.lastFinishedAt = new Date(this.now());
          }
        },
      };
    });
  }

  /** Every tracked job, in the order tracked. */
  list(): JobStatus[] {
    return [...this.#status.values()].map((s) => ({
      ...s,
      nextRunAt: s.lastStartedAt && new Date(s.lastStartedAt.getTime() + s.seconds * 1000),
    }));
  }
}
