/**
 * report: the only place that decides on filing. Settings are read live and fail closed;
 * filing is exactly once at Mastodon (intent recorded first, our report adopted on a retry);
 * daily budgets and the moderators' backlog make a run wait, never drop it.
 */
import { getAccount } from "../../db/accounts.ts";
import { getAnalysisByRun, markAnalysisDryRun } from "../../db/analyses.ts";
import { waveOfAccount } from "../../db/waves.ts";
import {
  getReportByRun,
  insertReport,
  type NewReport,
  openReportsForAccount,
  ReportIntegrityError,
  type ReportRow,
} from "../../db/reports.ts";
import type { ReportRequest } from "../../mastodon/client.ts";
import type { AdminReport, Report } from "../../mastodon/schemas.ts";
import { leaveBacklogQueue } from "../backlog.ts";
import { releaseIntent, reserveAndRecordIntent } from "../budget.ts";
import { PermanentError, RetryLater } from "../errors.ts";
import { logger } from "../../server/log.ts";
import { MastodonError } from "../../mastodon/errors.ts";
import { findOurReport } from "../report_adopt.ts";
import { userReportOpen } from "../context_cache.ts";
import { reportComment } from "../report_comment.ts";
import { planReport } from "../report_plan.ts";
import { keys } from "../store.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

const log = logger("workflow", "report");

/** Decides and, when warranted, files one report for the run's account. */
export async function report(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  const out = await decideAndFile(deps, run);
  // A run that waited for room in the backlog and now decides otherwise gives its place up.
  if (deps.config.reportBacklogLimit && out.decision !== "waiting_backlog") {
    await leaveBacklogQueue(deps, run.id);
  }
  return out;
}

async function decideAndFile(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  // Fail closed: an unreadable setting throws here, and nothing below runs.
  const settings = await deps.settings.read();
  if (settings.panicStop) throw new Error("panic stop is on; the report step holds");
  const recorded = await getReportByRun(deps.sql, run.id);
  if (recorded) return reported(recorded, {});
  const analysis = await getAnalysisByRun(deps.sql, run.id);
  if (!analysis) throw new Error(`run ${run.id} has no analysis; score must run first`);
  const intent = await deps.kv.get<{ request: ReportRequest; at: string }>(keys.intent(run.id));
  if (intent.value) {
    // A previous try may have filed before it crashed or timed out: adopt, never refile.
    const found = await findOurReport(deps.mastodon, run.accountId, run.id, deps.reporterId?.());
    if (found) return await adopt(deps, run, analysis.id, intent.value.request, found);
    // A POST that timed out may still be committing at a slow Mastodon: look again later,
    // and file anew only once it can no longer appear.
    const age = deps.clock.now().getTime() - Date.parse(intent.value.at);
    if (age < deps.config.intentConfirmMs) {
      throw new RetryLater("an earlier filing may still appear", deps.config.intentConfirmMs - age);
    }
  }
  const open = await openReportsForAccount(deps.sql, run.accountId);
  const plan = planReport(analysis, deps.config.reportThreshold, open, {
    now: deps.clock.now(),
    afterMs: deps.config.reportFollowUpMs,
  });
  if (!plan.file) return { decision: plan.decision };
  // A user's report is open on this account: moderators will look; ours would duplicate it.
  if (run.trigger === "user_report") return { decision: "already_reported" };
  if (settings.dryRun) {
    await markAnalysisDryRun(deps.sql, run.id);
    return { decision: "skipped_dry_run" };
  }
  // A user's report is open on the account (known from its webhook, at no API cost): moderators
  // will look at the account, and ours would duplicate it.
  if (await userReportOpen(deps.kv, run.accountId)) return { decision: "already_reported" };
  // Read again just before filing: the checks above take time, and a panic stop or dry-run
  // switched on meanwhile must still hold.
  const latest = await deps.settings.read();
  if (latest.panicStop) throw new Error("panic stop is on; the report step holds");
  if (latest.dryRun) {
    await markAnalysisDryRun(deps.sql, run.id);
    return { decision: "skipped_dry_run" };
  }
  const domain = (await getAccount(deps.sql, run.accountId))?.domain ?? null;
  const request: ReportRequest = {
    accountId: run.accountId,
    statusIds: plan.statusIds,
    comment: reportComment({
      runId: run.id,
      accountId: run.accountId,
      score: analysis.score,
      threshold: deps.config.reportThreshold,
      hits: plan.hits,
      uiOrigin: deps.config.uiOrigin,
      newEvidence: plan.newEvidence,
      wave: await waveOfAccount(deps.sql, run.accountId),
    }),
    category: plan.category,
    ruleIds: plan.ruleIds.length > 0 ? plan.ruleIds : undefined,
    forward: domain !== null ? deps.config.forwardRemote : undefined,
  };
  const reserved = await reserveAndRecordIntent(deps, run.id, domain, request, analysis.score);
  if (reserved === "budget") return { decision: "waiting_budget" };
  if (reserved === "backlog") return { decision: "waiting_backlog" };
  let response: Report;
  try {
    response = await deps.mastodon.createReport(request);
  } catch (err) {
    // Definitely refused (a 4xx, not a timeout): nothing was filed, so give the place back.
    if (
      err instanceof MastodonError && err.status >= 400 && err.status < 500 && err.status !== 429
    ) {
      await releaseIntent(deps, run.id, domain);
    }
    throw err;
  }
  const row = await record(deps, {
    accountId: run.accountId,
    analysisId: analysis.id,
    runId: run.id,
    mastodonReportId: response.id,
    statusIds: plan.statusIds,
    category: response.category,
    instanceRuleIds: plan.ruleIds,
    comment: request.comment ?? "",
    forwarded: response.forwarded,
    domain,
    at: deps.clock.now(),
  });
  return reported(row, { request, response: summarise(response), newEvidence: !!plan.newEvidence });
}

async function adopt(
  deps: WorkflowDeps,
  run: Run,
  analysisId: string,
  request: ReportRequest,
  found: AdminReport,
): Promise<StepOutput> {
  const domain = found.target_account.domain ?? null;
  const row = await record(deps, {
    accountId: run.accountId,
    analysisId,
    runId: run.id,
    mastodonReportId: found.id,
    statusIds: request.statusIds ?? [],
    category: found.category,
    instanceRuleIds: request.ruleIds ?? [],
    comment: found.comment,
    forwarded: found.forwarded,
    domain,
    at: deps.clock.now(),
  });
  return reported(row, { request, response: summarise(found), adopted: true });
}

/**
 * Stores the report of this run. A clash with another run's or account's row means the ids no
 * longer mean what was recorded (e.g. the instance was re-created): the run fails visibly
 * instead of adopting the other row.
 */
async function record(deps: WorkflowDeps, r: NewReport): Promise<ReportRow> {
  try {
    return await insertReport(deps.sql, r);
  } catch (err) {
    if (!(err instanceof ReportIntegrityError)) throw err;
    log.error("Report integrity error in run {run_id}: {error}", {
      run_id: r.runId,
      account_id: r.accountId,
      mastodon_report_id: r.mastodonReportId,
      error: err.message,
    });
    throw new PermanentError(err.message, { cause: err });
  }
}

function reported(
  row: ReportRow,
  extra: {
    request?: ReportRequest;
    response?: Record<string, unknown>;
    adopted?: boolean;
    newEvidence?: boolean;
  },
): StepOutput {
  return {
    decision: "reported",
    report: {
      request: { ...(extra.request ?? requestOf(row)) },
      response: extra.response,
      mastodonReportId: row.mastodonReportId ?? undefined,
      reportId: row.id,
      adopted: extra.adopted,
      newEvidence: extra.newEvidence,
    },
  };
}

function requestOf(row: ReportRow): ReportRequest {
  return {
    accountId: row.accountId,
    statusIds: row.statusIds,
    comment: row.comment,
    category: row.category as ReportRequest["category"],
    ruleIds: row.instanceRuleIds,
  };
}

/** The parts of Mastodon's answer worth auditing. */
function summarise(r: Report | AdminReport): Record<string, unknown> {
  return {
    id: r.id,
    category: r.category,
    forwarded: r.forwarded,
    action_taken: r.action_taken,
    created_at: r.created_at,
  };
}
