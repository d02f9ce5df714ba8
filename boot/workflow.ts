/** The workflow's dependencies, built from the service context, and intake's view of it. */
import type { AppContext } from "../context.ts";
import { getSettings } from "../db/settings.ts";
import type { RunStarter } from "../intake/port.ts";
import type { Mastodon } from "../mastodon/client.ts";
import { evaluate } from "../rules/engine.ts";
import type { RuleCache } from "../rules/rule_cache.ts";
import { rememberStatus } from "../workflows/context_cache.ts";
import { workflowConfig } from "../workflows/policy.ts";
import { startRun } from "../workflows/runs.ts";
import type { RuleSet } from "../workflows/engine.ts";
import type { WorkflowDeps } from "../workflows/types.ts";
import { statusSchema } from "../mastodon/schemas.ts";

/** The compiled rules as the workflow sees them: evaluate, plus each rule's version. */
export async function currentRuleSet(cache: RuleCache): Promise<RuleSet> {
  const set = await cache.current();
  return {
    evaluate: (input) => evaluate(set, input),
    versions: Object.fromEntries(set.rules.map((r) => [r.hit.name, r.hit.version ?? 0])),
  };
}

/** Builds the workflow's dependencies. */
export function workflowDeps(ctx: AppContext, mastodon: Mastodon, rules: RuleCache): WorkflowDeps {
  return {
    kv: ctx.kv,
    sql: ctx.sql,
    mastodon,
    rules: () => currentRuleSet(rules),
    clock: ctx.clock,
    settings: { read: () => getSettings(ctx.sql, { dryRun: ctx.config.dryRunDefault }) },
    config: workflowConfig(ctx.config),
    fetch: (input, init) => fetch(input, init),
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
  };
}
