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

/** Registers each job with Deno.cron and returns a stop function for the sub-minute timers. */
export function startSchedules(jobs: Job[], signal: AbortSignal): void {
  for (const job of jobs) {
    const tick = guarded(job);
    const minutes = Math.max(1, Math.floor(job.seconds / 60));
    const perMinute = job.seconds < 60 ? Math.floor(60 / job.seconds) : 1;
    Deno.cron(job.name, `*/${Math.min(minutes, 59)} * * * *`, { signal }, async () => {
      for (let i = 0; i < perMinute && !signal.aborted; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, job.seconds * 1000));
        await tick();
      }
    });
    // The first run does not wait for the next minute.
    queueMicrotask(() => void tick());
  }
}
