/** The workflow's dependencies, built from the service context, and intake's view of it. */
import type { AppContext } from "../context.ts";
import type { RunStarter } from "../intake/port.ts";
import type { Mastodon } from "../mastodon/client.ts";
import type { RuleCache } from "../rules/rule_cache.ts";
import type { Reporter } from "./mastodon.ts";
import type { EvaluatorPool } from "../rules/offthread/pool.ts";
import { updateInstanceAccounts } from "../db/instance.ts";
import {
  noteUserReport,
  rememberAccount,
  rememberStatus,
  rulesFromCache,
  settingsReader,
  startRun,
  workflowConfig,
  type WorkflowDeps,
} from "../workflows/mod.ts";
import { adminAccountSchema, statusSchema } from "../mastodon/schemas.ts";

const INTAKE_ACCOUNT_TTL_MS = 15 * 60_000;

/** Builds the workflow's dependencies. */
export function workflowDeps(
  ctx: AppContext,
  mastodon: Mastodon,
  rules: RuleCache,
  reporter: Reporter,
  evaluator?: EvaluatorPool,
): WorkflowDeps {
  return {
    kv: ctx.kv,
    sql: ctx.sql,
    mastodon,
    rules: rulesFromCache(rules, evaluator),
    clock: ctx.clock,
    settings: settingsReader(ctx.sql, ctx.config.dryRunDefault),
    config: workflowConfig(ctx.config),
    fetch: (input, init) => fetch(input, init),
    reporterId: () => reporter.id,
    learnReporter: async (accountId) => {
      await updateInstanceAccounts(ctx.sql, { reporterAccountId: accountId });
      reporter.id = accountId;
    },
  };
}

/** Intake's port onto the workflow. */
export function runStarter(deps: WorkflowDeps): RunStarter {
  return {
    startRun: (input) => startRun(deps, input),
    rememberStatus: async (status) => {
      const parsed = statusSchema.safeParse(status);
      // A status the webhook carried that does not parse is simply fetched by the run.
      if (parsed.success) await rememberStatus(deps.kv, parsed.data);
    },
    rememberAccount: async (account) => {
      const parsed = adminAccountSchema.safeParse(account);
      // Kept longer than fetched context: a queue backed up behind a spam wave must not
      // make every polled account cost a second call.
      if (parsed.success) await rememberAccount(deps.kv, parsed.data, INTAKE_ACCOUNT_TTL_MS);
    },
    noteUserReport: (accountId, open) => noteUserReport(deps.kv, accountId, open),
  };
}
