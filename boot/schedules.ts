/** The service's schedules: polling new accounts, queue statistics, outcomes, retention. */
import type { AppContext } from "../context.ts";
import { applyRetention } from "../db/retention.ts";
import { pollNewAccounts } from "../intake/poll.ts";
import { recheckProfiles } from "../intake/profile_recheck.ts";
import { recheckYoungRemote } from "../intake/young_recheck.ts";
import type { StreamState } from "../intake/streaming.ts";
import type { RunStarter } from "../intake/port.ts";
import type { Job } from "../intake/scheduler.ts";
import type { Mastodon } from "../mastodon/client.ts";
import { logger } from "../server/log.ts";
import { syncOutcomes } from "../workflows/outcomes.ts";
import { pruneContexts } from "../workflows/run_context.ts";
import { listDeadLetters } from "../workflows/runs.ts";
import { readRunCounts } from "../workflows/run_counts.ts";
import type { WorkflowDeps } from "../workflows/types.ts";

const log = logger("schedule");

/** The jobs to schedule. */
export function serviceJobs(
  ctx: AppContext,
  mastodon: Mastodon,
  runs: RunStarter,
  workflow: WorkflowDeps,
  stream: () => StreamState | undefined = () => undefined,
): Job[] {
  const { config, metrics } = ctx;
  const poll = (origin: "local" | "remote") => () =>
    pollNewAccounts({
      kv: ctx.kv,
      mastodon,
      runs,
      firstPollWindowMs: config.youngAccountMs,
      now: () => ctx.clock.now().getTime(),
    }, origin);
  return [
    { name: "poll-remote-accounts", seconds: config.pollRemoteSeconds, run: poll("remote") },
    { name: "poll-local-accounts", seconds: config.pollLocalSeconds, run: poll("local") },
    {
      name: "recheck-young-remote",
      seconds: config.youngRecheckSeconds,
      run: async () => {
        await recheckYoungRemote({
          kv: ctx.kv,
          mastodon,
          runs,
          stream,
          youngWindowMs: config.youngAccountMs,
          now: () => ctx.clock.now().getTime(),
        });
      },
    },
    {
      name: "queue-stats",
      seconds: config.queueStatsSeconds,
      // Each process's /metrics shows the shared counts.
      perProcess: true,
      run: async () => {
        // From the counters kept with each transition: a few keys, however many runs there are.
        const counts = await readRunCounts(workflow.kv);
        for (const [state, n] of Object.entries(counts.held)) {
          metrics.set("mastowatch_workflow_runs", "Workflow runs in each state now", { state }, n);
        }
        for (const [state, n] of Object.entries(counts.entered)) {
          metrics.setTotal(
            "mastowatch_workflow_runs_finished_total",
            "Workflow runs that reached a final state (done, skipped, failed)",
            { state },
            n,
          );
        }
        const reports = await ctx.sql<{ state: string; n: number }[]>`
          SELECT state, count(*)::int AS n FROM reports GROUP BY state`;
        for (const state of ["open", "resolved"]) {
          const n = reports.find((r) => r.state === state)?.n ?? 0;
          metrics.set("mastowatch_reports", "Reports filed at Mastodon by state", { state }, n);
        }
        const s = stream();
        if (s) {
          metrics.set(
            "mastowatch_remote_stream_connected",
            "1 while the remote stream is up",
            {},
            s.connected ? 1 : 0,
          );
          metrics.setTotal(
            "mastowatch_remote_stream_events_total",
            "Remote statuses streamed",
            {},
            s.events,
          );
          metrics.setTotal(
            "mastowatch_remote_stream_gaps_total",
            "Times the remote stream was down",
            {},
            s.gaps,
          );
        }
        const dead = await listDeadLetters(workflow);
        metrics.set("mastowatch_dead_letters", "Queue messages given up on", {}, dead.length);
        const budget = mastodon.rateLimit();
        if (budget.remaining !== undefined) {
          metrics.set(
            "mastowatch_mastodon_ratelimit_remaining",
            "Requests left in Mastodon's rate-limit window",
            {},
            budget.remaining,
          );
        }
        if (budget.limit !== undefined && budget.remaining !== undefined) {
          const used = budget.limit - budget.remaining;
          const reserve = Math.floor(budget.limit * config.apiBudgetReserve);
          metrics.set(
            "mastowatch_mastodon_ratelimit_used",
            "Requests used of the window",
            {},
            used,
          );
          metrics.set(
            "mastowatch_mastodon_ratelimit_usable_left",
            "Requests MastoWatch may still make in the window, its reserve for people kept",
            {},
            Math.max(0, budget.limit - reserve - used),
          );
        }
      },
    },
    {
      name: "sync-report-outcomes",
      seconds: config.outcomesSeconds,
      run: async () => {
        const r = await syncOutcomes(workflow);
        if (r.checked > 0) {
          log.info("Report outcomes: {checked} checked, {resolved} resolved", { ...r });
        }
      },
    },
    {
      // Profiles edited into spam after sign-up: a run only when a profile changed.
      name: "recheck-profiles",
      seconds: 900,
      run: () => recheckProfiles({ sql: ctx.sql, mastodon, runs, now: () => ctx.clock.now() }),
    },
    {
      name: "data-retention",
      seconds: 3600,
      run: async () => {
        const now = ctx.clock.now();
        const r = await applyRetention(ctx.sql, config.retentionDays, now);
        // A run's copy of what it scored goes with its analysis: a run held by a long panic
        // stop, or retried weeks later, still finds it.
        await pruneContexts(ctx.sql, new Date(now.getTime() - config.retentionDays * 86_400_000));
        if (r.analyses + r.audit + r.backtests + r.waves > 0) {
          log.info(
            "Retention deleted {analyses} analyses, {audit} audit rows, {backtests} backtests, {waves} waves",
            { ...r },
          );
        }
      },
    },
  ];
}
