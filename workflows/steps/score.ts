/**
 * score: the current rule set over the run's input, with what MastoWatch itself remembers of the
 * account (the profile its last analysis saw, the new accounts sharing its sign-up address or
 * e-mail domain); the analysis is stored once per run.
 */
import { recordScore } from "../../db/accounts.ts";
import { recordProfile, storedProfile } from "../../db/profiles.ts";
import { profileFingerprint } from "../../rules/profile.ts";
import { updateSignupCounters } from "../campaign.ts";
import { getAnalysisByRun, insertAnalysis, type StoredHit } from "../../db/analyses.ts";
import { recordWaveFeatures } from "../../db/waves.ts";
import { WAVE_RULE, waveFeatures } from "../waves.ts";
import { EvaluationTimeout } from "../../rules/offthread/pool.ts";
import type { EngineInput, RuleSet, Verdict } from "../engine.ts";
import { loadContext } from "../run_context.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

/** A rule set that may also score off the event loop (rules/offthread/rule_set.ts). */
type MaybeOffThread = RuleSet & { evaluateOffThread?(input: EngineInput): Promise<Verdict> };

/**
 * Scores in a worker when the rule set can, so that a slow input never stalls the process; a
 * timeout there is an ordinary (retryable) step error, so the run is retried and, if it keeps
 * timing out, fails visibly instead of being scored as clean.
 */
async function evaluated(rules: MaybeOffThread, input: EngineInput): Promise<Verdict> {
  if (!rules.evaluateOffThread) return rules.evaluate(input);
  try {
    return await rules.evaluateOffThread(input);
  } catch (err) {
    if (err instanceof EvaluationTimeout) {
      throw new Error(`scoring the run's input ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/**
 * Adds the profile the last analysis saw and the sign-up counters (recording this account
 * under its sign-up keys; doing it again on a retry changes nothing).
 */
async function withMemory(deps: WorkflowDeps, accountId: string, input: EngineInput) {
  const previousProfile = await storedProfile(deps.sql, accountId);
  const admin = input.adminAccount;
  const signups = admin
    ? await updateSignupCounters(deps.kv, admin, deps.clock.now().getTime())
    : {};
  return { ...input, previousProfile, counters: { ...input.counters, ...signups } } as EngineInput;
}

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
  const stored = await loadContext(deps.sql, run.id);
  if (!stored) throw new Error(`run ${run.id} has no stored context; fetch_context must run first`);
  const input = await withMemory(deps, run.accountId, stored);
  const rules = await deps.rules();
  const verdict = await evaluated(rules, input);
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
    input,
  });
  // Before the report step, so that its comment and the notification can name the wave.
  await recordWaveFeatures(deps.sql, {
    analysisId,
    accountId: run.accountId,
    features: waveFeatures(input, WAVE_RULE),
    now,
  }, WAVE_RULE);
  await recordScore(deps.sql, run.accountId, verdict.score, now);
  await recordProfile(deps.sql, run.accountId, profileFingerprint(input.account), now);
  return { score: verdict.score, analysisId, ruleNames: hits.map((h) => h.rule.name) };
}
