/** score: the current rule set over the run's input; the analysis is stored once per run. */
import { recordScore } from "../../db/accounts.ts";
import { getAnalysisByRun, insertAnalysis, type StoredHit } from "../../db/analyses.ts";
import { loadContext } from "../run_context.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

/** Evaluates the rules and stores the analysis; a second run of the step reuses the first. */
export async function score(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  const existing = await getAnalysisByRun(deps.sql, run.id);
  if (existing) {
    return {
      score: existing.score,
      analysisId: existing.id,
      ruleNames: existing.hits.map((h) => h.rule.name),
    };
  }
  const input = await loadContext(deps.sql, run.id);
  if (!input) throw new Error(`run ${run.id} has no stored context; fetch_context must run first`);
  const rules = await deps.rules();
  const verdict = rules.evaluate(input);
  const hits: StoredHit[] = verdict.hits.map((h) => ({
    rule: h.rule,
    weight: h.weight,
    evidence: h.evidence,
  }));
  const now = deps.clock.now();
  const analysisId = await insertAnalysis(deps.sql, {
    accountId: run.accountId,
    runId: run.id,
    statusId: input.status?.id ?? null,
    score: verdict.score,
    shadowScore: verdict.shadow_score,
    hits,
    ruleVersions: rules.versions,
    statusIds: (input.recentStatuses ?? []).map((s) => s.id),
    at: now,
  });
  await recordScore(deps.sql, run.accountId, verdict.score, now);
  return { score: verdict.score, analysisId, ruleNames: hits.map((h) => h.rule.name) };
}
