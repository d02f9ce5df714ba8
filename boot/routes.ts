/** The HTTP routes of the service, given the context and what start-up made. */
import type { Hono } from "hono";
import type { AppContext } from "../context.ts";
import { webhookIntake } from "../intake/webhook_events.ts";
import type { Inbox } from "../intake/inbox.ts";
import type { RunStarter } from "../intake/port.ts";
import type { JobBoard } from "../intake/scheduler.ts";
import { accountRoutes } from "../routes/accounts.tsx";
import { analyticsRoutes } from "../routes/analytics.ts";
import { authRoutes } from "../routes/auth.ts";
import { configRoutes } from "../routes/config.ts";
import { healthRoutes } from "../routes/health.ts";
import { logsRoutes } from "../routes/logs.tsx";
import { meRoutes } from "../routes/me.ts";
import { metricsRoutes } from "../routes/metrics.ts";
import { openApiRoutes } from "../routes/openapi.ts";
import { rescanRoutes } from "../routes/rescan.ts";
import { dryrunRoutes } from "../routes/dryrun.ts";
import { outcomesRoutes } from "../routes/outcomes.ts";
import { rulePromoteRoutes } from "../routes/rule_promote.ts";
import { rulesRoutes } from "../routes/rules.ts";
import { backtestRoutes } from "../routes/backtest.ts";
import { wavesRoutes } from "../routes/waves.tsx";
import { settingsRoutes } from "../routes/settings.tsx";
import type { RuleCache } from "../rules/rule_cache.ts";
import type { EvaluatorPool } from "../rules/offthread/pool.ts";
import { staticRoutes } from "../routes/static.ts";
import { homeRoutes } from "../routes/ui/home.tsx";
import { instanceRulesRoutes } from "../routes/ui/instance_rules.ts";
import { rulesPages } from "../routes/ui/rules.tsx";
import { webhookRoutes } from "../routes/webhooks.ts";
import { runsForAccount, workflowRoutes } from "../routes/workflows.tsx";
import { requireAuth } from "../server/auth.ts";
import { type LoginSetup, loginSetup } from "../server/login_setup.ts";
import { FailureThrottle } from "../server/throttle.ts";
import type { AppEnv } from "../server/types.ts";
import {
  resumeWaiting,
  settingsReader,
  syncOutcomes,
  type WorkflowDeps,
} from "../workflows/mod.ts";

/** What the routes are built from. */
export interface RouteDeps {
  ctx: AppContext;
  workflow?: WorkflowDeps;
  runs?: RunStarter;
  rules: RuleCache;
  /** Where verified webhook deliveries are stored; present with a Mastodon configured. */
  inbox?: Inbox;
  /** Workers that evaluate rules off the event loop (dry-runs). */
  evaluator?: EvaluatorPool;
  /** The schedules' runs, for the settings page. */
  schedules?: JobBoard;
  /** The moderators' login; by default made from the configuration. */
  login?: LoginSetup;
}

/** Builds every route group, in the order they are matched. */
export function serviceRoutes(
  { ctx, workflow, runs, inbox, rules, evaluator, schedules, login: given }: RouteDeps,
): Hono<AppEnv>[] {
  const { config, sql, kv, clock } = ctx;
  const now = () => clock.now();
  // Failed API keys and failed logins share one budget per client address.
  const throttle = new FailureThrottle();
  const login = given ?? loginSetup(config, sql, now, workflow?.mastodon);
  const sessions = login.sessions;
  const settings = settingsReader(sql, config.dryRunDefault);
  const auth = requireAuth(config.secrets.apiKey, sessions && ((c) => sessions.read(c)), throttle);
  const overview = {
    sql,
    now,
    workflow,
    budget: workflow ? () => workflow.mastodon.rateLimit() : undefined,
    reportDailyBudget: config.reportDailyBudget,
    reportThreshold: config.reportThreshold,
  };
  const routes: Hono<AppEnv>[] = [
    healthRoutes(ctx.checks, { queue: config.queue }),
    metricsRoutes(ctx.metrics),
    staticRoutes(),
    authRoutes({
      sql,
      sessions,
      login: login.client,
      missing: login.missing,
      uiOrigin: config.uiOrigin,
      instanceName: login.instanceName,
      throttle,
      now,
    }),
    meRoutes({ auth }),
    homeRoutes({ ...overview, auth, settings }),
    analyticsRoutes({ ...overview, auth }),
    settingsRoutes({ config, sql, auth, settings, checks: ctx.checks, schedules }),
    logsRoutes({ sql, auth }),
    rulesPages({ sql, auth, now, reportThreshold: config.reportThreshold }),
    rulePromoteRoutes({ sql, auth }),
    outcomesRoutes({ auth, sync: workflow && (() => syncOutcomes(workflow)) }),
    instanceRulesRoutes({ auth, instance: workflow && (() => workflow.mastodon.instance()) }),
    rulesRoutes({ sql, auth }),
    backtestRoutes({
      sql,
      auth,
      now,
      threshold: config.reportThreshold,
      retentionDays: config.retentionDays,
      evaluate: evaluator && ((set, input) => evaluator.evaluate(set, input)),
    }),
    wavesRoutes({ sql, auth }),
    dryrunRoutes({
      auth,
      rules: () => rules.current(),
      now,
      evaluator,
      threshold: config.reportThreshold,
    }),
    configRoutes({
      config,
      sql,
      auth,
      settings,
      onPanicLifted: workflow ? () => resumeWaiting(workflow) : undefined,
    }),
    accountRoutes({
      sql,
      auth,
      runsFor: (id) => workflow ? runsForAccount(workflow, id) : Promise.resolve([]),
      instanceBase: config.instanceBase,
    }),
  ];
  if (workflow && runs && inbox) {
    routes.push(
      workflowRoutes({ workflow, auth }),
      rescanRoutes({ kv, sql, runs, auth, now }),
      webhookRoutes({
        secret: config.secrets.webhookSecret,
        clock,
        handle: webhookIntake(inbox),
      }),
    );
  } else {
    routes.push(webhookRoutes({
      secret: undefined,
      clock,
      handle: () => Promise.resolve({ status: "ignored", reason: "no Mastodon configured" }),
    }));
  }
  routes.push(openApiRoutes({
    session: sessions && ((c) => sessions.read(c)),
    described: () => routes,
    info: { title: "MastoWatch", version: config.version },
  }));
  return routes;
}
