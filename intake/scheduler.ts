/** Schedules on Deno.cron. Its granularity is a minute, so shorter intervals run several times
 * within each minute's invocation. */
import { logger } from "../server/log.ts";

const log = logger("schedule");

/** A named job run every `seconds`. */
export interface Job {
  name: string;
  seconds: number;
  run(): Promise<unknown>;
}

/** Runs a job, never letting two runs of it overlap nor an error escape. */
export function guarded(job: Job): () => Promise<void> {
  let busy = false;
  return async () => {
    if (busy) return;
    busy = true;
    try {
      await job.run();
    } catch (err) {
      log.error("Scheduled job {name} failed: {error}", {
        name: job.name,
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      busy = false;
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
