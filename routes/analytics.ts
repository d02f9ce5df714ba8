/**
 * GET /analytics/overview (accounts, reports and their outcomes, top rules and domains, queue,
 * API budget), GET /analytics/timeline?days=N (per UTC day, N from 1 to 365) and
 * GET /analytics/rules?days=7|30|90 (each rule's hits and the outcomes of the reports it
 * contributed to, its precision, and the rules flagged noisy with what to change).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Sql } from "../db/connect.ts";
import { timeline, topDomains, topRules, totals, windowStart } from "../db/analytics.ts";
import { rulePrecision } from "../db/rule_quality.ts";
import { noisyAdvice } from "../rules/quality.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { intParam } from "../server/validate.ts";
import { listBacklogQueue, readBacklog } from "../workflows/backlog.ts";
import { countRunsByState, listDeadLetters } from "../workflows/runs.ts";
import type { WorkflowDeps } from "../workflows/types.ts";

/** Days of analyses the top-rules table looks at. */
export const TOP_RULES_DAYS = 30;

const IN_QUEUE = ["queued", "fetch_context", "score", "report", "notify", "audit", "waiting"];

/** What the overview is read from. */
export interface OverviewDeps {
  sql: Sql;
  now: () => Date;
  /** The workflow's store, when a Mastodon is configured. */
  workflow?: Pick<WorkflowDeps, "kv" | "sql" | "clock" | "config">;
  /** The Mastodon API budget the last response announced. */
  budget?: () => { limit?: number; remaining?: number; reset?: Date };
  reportDailyBudget: number;
  /** REPORT_THRESHOLD, for the advice on noisy rules. */
  reportThreshold?: number;
}

/** Everything the overview shows. */
export async function readOverview(deps: OverviewDeps) {
  const now = deps.now();
  const [t, rules, domains, queue] = await Promise.all([
    totals(deps.sql, now),
    topRules(deps.sql, now, TOP_RULES_DAYS),
    topDomains(deps.sql),
    deps.workflow ? readQueue(deps.workflow) : Promise.resolve(null),
  ]);
  const b = deps.budget?.();
  return {
    generated_at: now.toISOString(),
    accounts: { seen: t.accounts_seen, analysed: t.accounts_analysed },
    analyses: t.analyses,
    reports: { ...t.reports, today: t.reports_today, daily_budget: deps.reportDailyBudget },
    top_rules: { days: TOP_RULES_DAYS, rules },
    top_domains: domains,
    queue,
    api_budget: b && b.limit !== undefined
      ? {
        limit: b.limit,
        remaining: b.remaining ?? null,
        used: b.remaining === undefined ? null : b.limit - b.remaining,
        reset: b.reset?.toISOString() ?? null,
      }
      : null,
  };
}

/** The overview's shape. */
export type Overview = Awaited<ReturnType<typeof readOverview>>;

async function readQueue(w: NonNullable<OverviewDeps["workflow"]>) {
  const [counts, dead, backlog] = await Promise.all([
    countRunsByState(w),
    listDeadLetters(w),
    readBacklogState(w),
  ]);
  const byState = counts as Record<string, number>;
  return {
    depth: IN_QUEUE.reduce((n, s) => n + (byState[s] ?? 0), 0),
    failed: byState.failed ?? 0,
    dead_letters: dead.length,
    by_state: byState,
    backlog,
  };
}

/** The moderators' backlog as last counted, and the reports waiting for room in it. */
async function readBacklogState(w: NonNullable<OverviewDeps["workflow"]>) {
  const limit = w.config.reportBacklogLimit ?? 0;
  if (limit <= 0) return null;
  const [count, waiting] = await Promise.all([readBacklog(w.kv), listBacklogQueue(w, 20)]);
  return {
    limit,
    open: count?.open ?? null,
    at_least: count?.atLeast ?? false,
    counted_at: count?.at ?? null,
    waiting: waiting.map((p) => ({ run_id: p.runId, score: p.score, since: p.since })),
  };
}

const daysQuery = z.object({
  days: intParam(1, 365).default(30).describe("UTC days back, today included: 1 to 365 (30)"),
});

const RuleHits = z.object({
  rule_id: z.string().nullable().describe("null for an unsaved rule"),
  name: z.string(),
  hits: z.number().int(),
  accounts: z.number().int(),
});

const Overview = z.object({
  generated_at: timestamp,
  accounts: z.object({ seen: z.number().int(), analysed: z.number().int() }),
  analyses: z.number().int(),
  reports: z.object({
    filed: z.number().int(),
    open: z.number().int(),
    actioned: z.number().int(),
    dismissed: z.number().int(),
    today: z.number().int(),
    daily_budget: z.number().int(),
  }),
  top_rules: z.object({ days: z.number().int(), rules: z.array(RuleHits) }),
  top_domains: z.array(
    z.object({ domain: z.string(), accounts: z.number().int(), reports: z.number().int() }),
  ),
  queue: z.object({
    depth: z.number().int(),
    failed: z.number().int(),
    dead_letters: z.number().int(),
    by_state: z.record(z.string(), z.number().int()),
    backlog: z.object({
      limit: z.number().int(),
      open: z.number().int().nullable().describe("null before the first outcome sync"),
      at_least: z.boolean().describe("counting stopped past the limit"),
      counted_at: timestamp.nullable(),
      waiting: z.array(z.object({ run_id: z.string(), score: z.number(), since: timestamp }))
        .describe("reports waiting for room, in the order they will be filed (20 at most)"),
    }).nullable().describe("the moderators' open reports at Mastodon; null without a limit"),
  }).nullable().describe("null without a Mastodon configured"),
  api_budget: z.object({
    limit: z.number(),
    remaining: z.number().nullable(),
    used: z.number().nullable(),
    reset: timestamp.nullable(),
  }).nullable().describe("the admin token's rate limit as Mastodon last announced it"),
});

const overviewDoc = describe({
  tags: ["analytics"],
  summary: "Accounts, reports and their outcomes, top rules and domains, queue, API budget",
  responses: { 200: Overview },
});

const timelineDoc = describe({
  tags: ["analytics"],
  summary: "Analyses, reports filed and reports actioned per UTC day",
  query: daysQuery,
  responses: {
    200: z.object({
      days: z.number().int(),
      points: z.array(z.object({
        day: z.iso.date(),
        analyses: z.number().int(),
        reports: z.number().int(),
        actioned: z.number().int(),
      })),
    }),
  },
});

const precisionQuery = z.object({
  days: z.enum(["7", "30", "90"], { message: "must be 7, 30 or 90" }).default("30")
    .transform(Number).describe("UTC days back, today included: 7, 30 or 90 (30)"),
});

const count = z.number().int();
const RulePrecision = z.object({
  id: z.string(),
  name: z.string(),
  mode: z.enum(["shadow", "report"]),
  hits: count.describe("hits in analyses of the window, in either mode"),
  reports: z.object({ open: count, actioned: count, dismissed: count }).describe(
    "reports filed in the window with a report-mode hit of the rule, by moderators' decision",
  ),
  precision: z.number().min(0).max(1).nullable().describe(
    "actioned / (actioned + dismissed); null before any decision",
  ),
});

const rulesDoc = describe({
  tags: ["analytics"],
  summary: "Precision per rule: its hits and what moderators decided about its reports",
  description: "Actioned: the target was suspended, silenced, disabled or marked sensitive, or " +
    "the reported statuses were deleted; dismissed: resolved otherwise. A rule is noisy when " +
    "most of its decided reports (at least 3) were dismissed.",
  query: precisionQuery,
  responses: {
    200: z.object({
      days: count,
      since: timestamp,
      rules: z.array(RulePrecision),
      noisy: z.array(z.object({
        id: z.string(),
        name: z.string(),
        dismissed: count,
        decided: count,
        suggestions: z.array(z.string()),
      })).describe("rules whose decided reports were mostly dismissed, with what to change"),
    }),
  },
});

/** Each rule's precision over `days`, and the noisy ones with advice. */
export async function readRuleQuality(
  deps: Pick<OverviewDeps, "sql" | "now" | "reportThreshold">,
  days: number,
  ruleId?: string,
) {
  const since = windowStart(deps.now(), days);
  const rows = await rulePrecision(deps.sql, since, ruleId);
  const noisy = rows.flatMap((r) => {
    const advice = noisyAdvice({ ...r, ...r.shape }, deps.reportThreshold ?? 1);
    return advice ? [{ id: r.id, name: r.name, ...advice }] : [];
  });
  return {
    days,
    since: since.toISOString(),
    rules: rows.map(({ shape: _, ...r }) => r),
    noisy,
  };
}

/** What GET /analytics/rules answers. */
export type RuleQuality = Awaited<ReturnType<typeof readRuleQuality>>;

/** The analytics routes. */
export function analyticsRoutes(deps: OverviewDeps & { auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.use("/analytics/*", deps.auth);
  app.get("/analytics/overview", overviewDoc, async (c) => c.json(await readOverview(deps)));
  app.get("/analytics/timeline", timelineDoc, async (c) => {
    const { days } = timelineDoc.query(c);
    return c.json({ days, points: await timeline(deps.sql, deps.now(), days) });
  });
  app.get("/analytics/rules", rulesDoc, async (c) => {
    const { days } = rulesDoc.query(c);
    return c.json(await readRuleQuality(deps, days));
  });
  return app;
}
