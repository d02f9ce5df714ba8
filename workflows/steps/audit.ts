/** audit: one audit_log row per decision of a run, with its rule context; idempotent. */
import { insertAudit } from "../../db/audit.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

/** Writes the audit row of the run's decision. */
export async function audit(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  if (!run.decision) throw new Error(`run ${run.id} reached audit without a decision`);
  await auditDecision(deps, run, run.decision);
  return {};
}

/**
 * Writes the audit row for `action` (a decision, or "failed"): score, threshold, rules, the
 * request sent to Mastodon and its answer. Reports carry no tokens, so none can leak here.
 */
export async function auditDecision(
  deps: Pick<WorkflowDeps, "sql" | "clock" | "config">,
  run: Run,
  action: string,
  at: Date = deps.clock.now(),
): Promise<void> {
  await insertAudit(deps.sql, {
    action,
    accountId: run.accountId,
    runId: run.id,
    ruleNames: run.ruleNames ?? [],
    at,
    details: {
      trigger: run.trigger,
      status_ids: run.statusIds,
      score: run.score ?? null,
      threshold: deps.config.reportThreshold,
      analysis_id: run.analysisId ?? null,
      request: run.report?.request ?? null,
      response: run.report?.response ?? null,
      report_id: run.report?.reportId ?? null,
      mastodon_report_id: run.report?.mastodonReportId ?? null,
      adopted: run.report?.adopted ?? false,
      new_evidence: run.report?.newEvidence ?? false,
      error: action === "failed" ? run.error ?? null : null,
      failed_step: action === "failed" ? run.resumeStep ?? null : null,
    },
  });
}
