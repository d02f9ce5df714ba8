/** The HTTP routes of the service, given the context and what start-up made. */
import type { Context, Hono } from "hono";
import type { AppContext } from "../context.ts";
import { webhookIntake } from "../intake/webhook_events.ts";
import type { Inbox } from "../intake/inbox.ts";
import type { RunStarter } from "../intake/port.ts";
import { accountRoutes } from "../routes/accounts.tsx";
import { authRoutes } from "../routes/auth.ts";
import { configRoutes } from "../routes/config.ts";
import { healthRoutes } from "../routes/health.ts";
import { logsRoutes } from "../routes/logs.tsx";
import { metricsRoutes } from "../routes/metrics.ts";
import { rescanRoutes } from "../routes/rescan.ts";
import { dryrunRoutes } from "../routes/dryrun.ts";
import { rulesRoutes } from "../routes/rules.ts";
import type { RuleCache } from "../rules/rule_cache.ts";
import type { EvaluatorPool } from "../rules/offthread/pool.ts";
import { staticRoutes } from "../routes/static.ts";
import { homeRoutes } from "../routes/ui/home.tsx";
import { rulesPages } from "../routes/ui/rules.tsx";
import { webhookRoutes } from "../routes/webhooks.ts";
import { runsForAccount, workflowRoutes } from "../routes/workflows.tsx";
import { requireAuth } from "../server/auth.ts";
import { sessionActor, Sessions } from "../server/session.ts";
import type { AppEnv } from "../server/types.ts";
import { resumeWaiting, settingsReader, type WorkflowDeps } from "../workflows/mod.ts";

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
}

/** Builds every route group, in the order they are matched. */
export function serviceRoutes(
  { ctx, workflow, runs, inbox, rules, evaluator }: RouteDeps,
): Hono<AppEnv>[] {
  const { config, sql, kv, clock } = ctx;
  const sessions = config.secrets.sessionSecret
    ? new Sessions(config.secrets.sessionSecret, config.uiOrigin?.startsWith("https:") ?? false)
    : undefined;
  const settings = settingsReader(sql, config.dryRunDefault);
  const auth = requireAuth(config.secrets.apiKey, sessions && sessionActor(sessions));
  const csrf = (c: Context<AppEnv>) => {
    const s = sessions?.read(c);
    return s && sessions!.csrfToken(s);
  };
  const routes: Hono<AppEnv>[] = [
    healthRoutes(ctx.checks),
    metricsRoutes(ctx.metrics),
    staticRoutes(),
    authRoutes({
      sessions,
      instanceBase: config.instanceBase,
      clientId: config.oauthClientId,
      clientSecret: config.secrets.oauthClientSecret,
      uiOrigin: config.uiOrigin,
      userAgent: config.userAgent,
      timeoutMs: config.httpTimeoutMs,
    }),
    homeRoutes({ sql, auth, csrf, settings, workflow }),
    logsRoutes({ sql, auth, csrf }),
    rulesPages({ sql, auth, csrf }),
    rulesRoutes({ sql, auth }),
    dryrunRoutes({
      auth,
      rules: () => rules.current(),
      now: () => clock.now(),
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
  ];
  if (workflow && runs && inbox) {
    routes.push(
      accountRoutes({ sql, auth, csrf, runsFor: (id) => runsForAccount(workflow, id) }),
      workflowRoutes({ workflow, auth, csrf }),
      rescanRoutes({ kv, sql, runs, auth, now: () => clock.now() }),
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
  return routes;
}
