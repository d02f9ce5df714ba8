/**
 * POST /backtest starts a what-if backtest of a new rule or a change to one (in the background);
 * GET /backtest/{id} answers its progress and, once done, what would change.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { createBacktest, getBacktest } from "../db/backtests.ts";
import type { Sql } from "../db/connect.ts";
import { getRule } from "../db/rules.ts";
import { type RuleInput, RuleInputSchema } from "../rules/schema.ts";
import type { CompiledRuleSet } from "../rules/compile.ts";
import type { EngineInput, Verdict } from "../rules/types.ts";
import { HttpError } from "../server/errors.ts";
import { logger } from "../server/log.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { idParam, validate } from "../server/validate.ts";
import { type BacktestSpec, runBacktest } from "../workflows/backtest.ts";
import { checkRegexes } from "./rules.ts";
import { regexChecker } from "../rules/regex_checker.ts";

const log = logger("backtest");

const Body = z.object({
  rule: z.record(z.string(), z.unknown()).optional()
    .describe("a new rule, as POST /rules takes it"),
  rule_id: idParam.optional().describe("a live rule to change"),
  changes: z.record(z.string(), z.unknown()).optional()
    .describe("with rule_id: the fields that change, as PUT /rules/{id} takes them"),
  days: z.int().min(1).describe("how many days of stored analyses to replay"),
}).refine((b) => (b.rule === undefined) !== (b.rule_id === undefined), {
  message: "give either rule or rule_id (with changes)",
  path: ["rule"],
});

const Account = z.object({
  account_id: z.string(),
  acct: z.string().describe("as MastoWatch last saw it"),
  score: z.number().describe("the highest score with the change"),
  baseline_score: z.number().describe("the highest score with the live rules"),
});
const Outcome = z.enum(["open", "actioned", "dismissed"]);
const Answer = z.object({
  id: z.string(),
  state: z.enum(["running", "done", "failed"]),
  days: z.number().int(),
  evaluated_as: z.enum(["shadow", "report", "disabled"])
    .describe("how the changed rule was evaluated"),
  progress: z.object({ processed: z.number().int(), total: z.number().int(), share: z.number() }),
  would_report: z.array(Account).describe("accounts reported with the change and not without"),
  would_stop: z.array(Account).describe("accounts reported now and no longer with the change"),
  would_report_count: z.number().int(),
  would_stop_count: z.number().int(),
  unchanged: z.number().int().describe("accounts whose reporting does not change"),
  replayed: z.object({
    analyses: z.number().int(),
    accounts: z.number().int(),
    skipped: z.number().int().describe("stored inputs that no longer parse"),
  }),
  outcomes: z.record(z.string(), Outcome).describe("moderators' decision on the last report"),
  error: z.string().nullable(),
  created_at: timestamp,
  finished_at: timestamp.nullable(),
});

const docs = {
  start: describe({
    tags: ["rules"],
    summary: "Starts a what-if backtest of a new or changed rule over stored analyses",
    description: "Replays the engine inputs of the last `days` days with the live rules and " +
      "with the change. The rule is evaluated enabled and reporting unless the change turns a " +
      "live reporting rule off (disabled, or back to shadow). 400 when `days` " +
      "exceeds what is kept; 422 per field for a rule that does not validate; 409 (with the " +
      "running one's id) while the caller's previous backtest runs.",
    body: Body,
    responses: { 202: z.object({ id: z.string() }) },
    errors: [404, 409],
  }),
  get: describe({
    tags: ["rules"],
    summary: "A backtest's progress and result",
    params: { id: idParam },
    responses: { 200: Answer },
    errors: [404],
  }),
};

// Fields the server manages (as PUT /rules ignores them).
const MANAGED = ["id", "version", "created_at", "created_by", "updated_at", "updated_by"];

/** What the backtest routes need. */
export interface BacktestRouteDeps {
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  now: () => Date;
  threshold: number;
  retentionDays: number;
  evaluate?: (set: CompiledRuleSet, input: EngineInput) => Promise<Verdict>;
}

/**
 * The candidate rule and what it replaces, validated as POST /rules and PUT /rules do. What a
 * rule would report is the question, so the candidate is evaluated enabled and reporting,
 * whatever its draft says, unless the change turns a live reporting rule off (disables it or
 * moves it back to shadow): then the question is what that would stop.
 */
async function specOf(sql: Sql, body: z.infer<typeof Body>, actor: string) {
  let rule: RuleInput;
  let replaces: string | null = null;
  let turnsOff = false;
  if (body.rule) {
    rule = validate(RuleInputSchema, body.rule);
  } else {
    const current = await getRule(sql, body.rule_id!);
    if (!current || current.deleted_at) throw new HttpError(404, `No rule with id ${body.rule_id}`);
    const changes = { ...(body.changes ?? {}) };
    for (const k of [...MANAGED, "deleted_at"]) delete changes[k];
    const { id: _id, version: _v, ...stored } = current;
    rule = validate(RuleInputSchema, { ...stored, ...changes });
    replaces = String(current.id);
    const live = current.enabled && current.mode === "report";
    turnsOff = live && (!rule.enabled || rule.mode === "shadow");
  }
  await checkRegexes(rule, "", regexChecker.request(actor));
  const asked = turnsOff ? rule : { ...rule, enabled: true, mode: "report" as const };
  return {
    candidate: { ...asked, id: replaces ?? "backtest", version: 0 },
    replaces,
  };
}

/** The /backtest routes. */
export function backtestRoutes(deps: BacktestRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/backtest", deps.auth, docs.start, async (c) => {
    const body = await docs.start.json(c);
    if (body.days > deps.retentionDays) {
      throw new HttpError(
        400,
        `days must be at most ${deps.retentionDays}: analyses are kept ${deps.retentionDays} ` +
          `days (RETENTION_DAYS)`,
        [{ field: "days", message: `must be at most ${deps.retentionDays}` }],
      );
    }
    const actor = c.get("actor");
    const spec: BacktestSpec = { ...await specOf(deps.sql, body, actor), days: body.days };
    const created = await createBacktest(deps.sql, {
      actor,
      days: body.days,
      spec: spec as unknown as Record<string, unknown>,
      now: deps.now(),
    });
    if ("runningId" in created) {
      throw new HttpError(409, `Backtest ${created.runningId} is still running`, {
        id: created.runningId,
      });
    }
    runBacktest(deps, created.id, spec).catch((err) =>
      log.error("Backtest {id} stopped: {error}", { id: created.id, error: String(err) })
    );
    return c.json({ id: created.id }, 202);
  });

  app.get("/backtest/:id", deps.auth, docs.get, async (c) => {
    const id = docs.get.param(c, "id");
    const b = /^\d{1,18}$/.test(id) ? await getBacktest(deps.sql, id, deps.now()) : undefined;
    if (!b) throw new HttpError(404, `No backtest with id ${id}`);
    const r = (b.result ?? {}) as Record<string, unknown>;
    const spec = b.spec as unknown as BacktestSpec;
    return c.json({
      id: b.id,
      state: b.state,
      days: b.days,
      evaluated_as: spec.candidate.enabled ? spec.candidate.mode : "disabled",
      progress: {
        processed: b.processed,
        total: b.total,
        share: b.total > 0 ? Math.min(1, b.processed / b.total) : b.state === "done" ? 1 : 0,
      },
      would_report: r.would_report ?? [],
      would_stop: r.would_stop ?? [],
      would_report_count: r.would_report_count ?? 0,
      would_stop_count: r.would_stop_count ?? 0,
      unchanged: r.unchanged ?? 0,
      replayed: { analyses: r.analyses ?? 0, accounts: r.accounts ?? 0, skipped: r.skipped ?? 0 },
      outcomes: r.outcomes ?? {},
      error: b.error,
      created_at: b.createdAt.toISOString(),
      finished_at: b.finishedAt?.toISOString() ?? null,
    });
  });
  return app;
}
