/** The workflow's public API: what main.ts, intake and routes use. */
import type { Sql } from "../db/connect.ts";
import { getSettings } from "../db/settings.ts";
import type { SettingsReader } from "./types.ts";

export { noteUserReport, rememberAccount, rememberStatus } from "./context_cache.ts";
export { pruneContexts } from "./run_context.ts";
export { processRun } from "./dispatch.ts";
export { flushOutbox } from "./audit_outbox.ts";
export { type RuleSet, ruleSetOf, rulesFromCache } from "./engine.ts";
export { syncOutcomes } from "./outcomes.ts";
export { workflowConfig } from "./policy.ts";
export {
  countRunsByState,
  getRun,
  listDeadLetters,
  listRuns,
  redriveDeadLetter,
  resumeWaiting,
  retryRun,
  RunConflict,
  startRun,
} from "./runs.ts";
export type { Run, RunState, WorkflowConfig, WorkflowDeps } from "./types.ts";
export { startWorker, type Worker } from "./worker.ts";

/** Reads the live settings from Postgres; dry-run defaults to the configured value. */
export function settingsReader(sql: Sql, dryRunDefault: boolean): SettingsReader {
  return { read: () => getSettings(sql, { dryRun: dryRunDefault }) };
}
