/** The workflow's timings: defaults for production, derived from the service configuration. */
import type { Config } from "../config.ts";
import type { Policy } from "./machine.ts";
import type { WorkflowConfig } from "./types.ts";

/** The machine's view of the timings. */
export function policyOf(c: WorkflowConfig): Policy {
  return {
    maxAttempts: c.maxAttempts,
    baseDelayMs: c.baseDelayMs,
    maxDelayMs: c.maxDelayMs,
    panicRecheckMs: c.panicRecheckMs,
    budgetRecheckMs: c.budgetRecheckMs,
  };
}

/**
 * How long after an ambiguous report filing (it may have been carried out) the report step files
 * anew, once a search has not found it: past two request timeouts and a margin for a slow
 * Mastodon still committing it.
 */
export function intentConfirmMs(httpTimeoutMs: number): number {
  return 2 * httpTimeoutMs + 30_000;
}

/** The workflow configuration from the service's, with production timings; `over` for tests. */
export function workflowConfig(config: Config, over: Partial<WorkflowConfig> = {}): WorkflowConfig {
  return {
    reportThreshold: config.reportThreshold,
    forwardRemote: config.forwardRemote,
    reportDailyBudget: config.reportDailyBudget,
    reportDomainDailyBudget: config.reportDomainDailyBudget,
    reportBacklogLimit: config.reportBacklogLimit,
    reportFollowUpMs: config.reportFollowUpHours * 3_600_000,
    intentConfirmMs: intentConfirmMs(config.httpTimeoutMs),
    dryRunDefault: config.dryRunDefault,
    uiOrigin: config.uiOrigin,
    slackWebhooks: config.secrets.slackWebhooks,
    maxAttempts: 5,
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    panicRecheckMs: 60_000,
    budgetRecheckMs: 15 * 60_000,
    leaseMs: 5 * 60_000,
    recentStatusLimit: 40,
    contextCacheMs: 60_000,
    campaignWindowMs: 60 * 60_000,
    notifyTimeoutMs: 5_000,
    notifyRetryDelayMs: 500,
    youngAccountMs: config.youngAccountMs,
    ...over,
  };
}
