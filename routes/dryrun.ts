/**
 * POST /dryrun/evaluate: score Mastodon JSON against saved or unsaved rules; nothing is filed.
 * One account (`{account, statuses, …}`) or a batch (`{items: [...]}`, campaign counters across
 * it). The evaluation runs in a worker with a time limit, so no input stalls other requests, and
 * unsaved regexes are never waited for (see rules/regex_checker.ts).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { type CompiledRuleSet, prepareRuleSetNow } from "../rules/compile.ts";
import { DryRunBatchSchema, DryRunItemSchema, parseRules } from "../rules/dryrun.ts";
import {
  EvaluationTimeout,
  EvaluatorBusy,
  type EvaluatorPool,
  sharedEvaluator,
} from "../rules/offthread/pool.ts";
import { type RegexChecker, regexChecker } from "../rules/regex_checker.ts";
import { HttpError } from "../server/errors.ts";
import { describe } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { fieldIssues, readJson } from "../server/validate.ts";
import { checkRegexes } from "./rules.ts";

const rulesField = { rules: z.array(z.unknown()).max(500).optional() };
const Body = DryRunItemSchema.extend(rulesField);
const BatchBody = DryRunBatchSchema.extend(rulesField);

const Hit = z.tuple([z.string(), z.number(), z.unknown()]).describe(
  "[rule name, weight, evidence]",
);
const Verdict = z.looseObject({
  score: z.number(),
  hits: z.array(Hit),
  would_report: z.boolean().describe("score >= REPORT_THRESHOLD"),
  details: z.looseObject({
    shadow_score: z.number(),
    rules_evaluated: z.number().int(),
    hits: z.array(z.unknown()),
  }).describe("how the verdict was reached: hits in full, normalised texts, rule versions"),
});
const BatchVerdict = z.object({
  items: z.array(z.object({
    index: z.number().int(),
    account_id: z.string(),
    score: z.number(),
    shadow_score: z.number(),
    hits: z.array(Hit),
    would_report: z.boolean(),
  })),
  would_report: z.number().int().describe("how many items would be reported"),
  rules_evaluated: z.number().int(),
  rule_errors: z.array(z.unknown()),
});

const evaluateDoc = describe({
  tags: ["dry-run"],
  summary: "Scores Mastodon JSON against the saved rules, or against `rules`; files nothing",
  description: "One account (`{account, statuses, admin_account?, counters?, now?, rules?}`) or " +
    "a batch (`{items: [...], rules?}`, campaign counters across it). A batch with one bad " +
    "item is refused whole; the message names the item.",
  body: z.union([Body, BatchBody]),
  responses: { 200: z.union([Verdict, BatchVerdict]) },
  errors: [503],
});

/**
 * The body as one account or as a batch; a wrong type is a 422 naming the field, and a batch
 * with one bad item is refused whole, the message naming the first bad item.
 */
function parseBody(value: unknown) {
  const batch = typeof value === "object" && value !== null && "items" in value;
  const r = batch ? BatchBody.safeParse(value) : Body.safeParse(value);
  if (r.success) return r.data;
  const issues = fieldIssues(r.error);
  const item = r.error.issues.find((i) => i.path[0] === "items" && typeof i.path[1] === "number");
  const what = item ? `Invalid item ${String(item.path[1])} of the batch` : "Invalid body";
  throw new HttpError(422, `${what}: ${issues[0].field}: ${issues[0].message}`, issues);
}

async function evaluated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof EvaluationTimeout) {
      throw new HttpError(
        422,
        `Evaluating this input took longer than ${err.ms} ms and was stopped; ` +
          "send fewer or shorter statuses, or fewer rules",
        undefined,
        "evaluation_timeout",
      );
    }
    if (err instanceof EvaluatorBusy) {
      throw new HttpError(503, "Too many evaluations are running; try again shortly");
    }
    throw err;
  }
}

/** The dry-run route, behind `deps.auth`; `rules` yields the saved rule set. */
export function dryrunRoutes(deps: {
  auth: MiddlewareHandler<AppEnv>;
  rules: () => Promise<CompiledRuleSet>;
  now?: () => Date;
  /** Where evaluations run; the process's worker pool by default. */
  evaluator?: Pick<EvaluatorPool, "dryRun" | "dryRunBatch">;
  /** The score at which a report would be filed (REPORT_THRESHOLD); 1 by default. */
  threshold?: number;
  /** Schedules safety checks of unsaved regexes; the process's checker by default. */
  checker?: RegexChecker;
}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const checker = deps.checker ?? regexChecker;
  const app = new Hono<AppEnv>();
  app.use("/dryrun/*", deps.auth);
  app.post("/dryrun/evaluate", evaluateDoc, async (c) => {
    const body = parseBody(await readJson(c, z.unknown()));
    let set: CompiledRuleSet;
    if (body.rules) {
      const { rules, issues } = parseRules(body.rules);
      if (issues.length) throw new HttpError(422, "Invalid rules", issues);
      const checks = checker.request(c.get("actor"));
      for (const [i, r] of rules.entries()) await checkRegexes(r, `rules.${i}.`, checks);
      set = await prepareRuleSetNow(rules, checks);
    } else {
      set = await deps.rules();
    }
    const evaluator = deps.evaluator ?? sharedEvaluator();
    const threshold = deps.threshold ?? 1;
    if ("items" in body) {
      const items = body.items;
      return c.json(await evaluated(() => evaluator.dryRunBatch(set, items, now(), threshold)));
    }
    return c.json(await evaluated(() => evaluator.dryRun(set, body, now(), threshold)));
  });
  return app;
}
