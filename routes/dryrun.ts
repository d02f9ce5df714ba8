/**
 * POST /dryrun/evaluate: score Mastodon JSON against saved or unsaved rules; nothing is filed.
 * The evaluation runs in a worker with a time limit, so no input stalls other requests, and
 * unsaved regexes are never waited for (see rules/regex_checker.ts).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { type CompiledRuleSet, prepareRuleSetNow } from "../rules/compile.ts";
import { DryRunItemSchema, parseRules } from "../rules/dryrun.ts";
import {
  type DryRunAnswer,
  EvaluationTimeout,
  EvaluatorBusy,
  type EvaluatorPool,
  sharedEvaluator,
} from "../rules/offthread/pool.ts";
import { type RegexChecker, regexChecker } from "../rules/regex_checker.ts";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";
import { readJson } from "../server/validate.ts";
import { checkRegexes } from "./rules.ts";

const Body = DryRunItemSchema.extend({ rules: z.array(z.unknown()).max(500).optional() });

async function evaluated(run: () => Promise<DryRunAnswer>): Promise<DryRunAnswer> {
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
  evaluator?: Pick<EvaluatorPool, "dryRun">;
  /** Schedules safety checks of unsaved regexes; the process's checker by default. */
  checker?: RegexChecker;
}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const checker = deps.checker ?? regexChecker;
  const app = new Hono<AppEnv>();
  app.use("/dryrun/*", deps.auth);
  app.post("/dryrun/evaluate", async (c) => {
    const body = await readJson(c, Body);
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
    return c.json(await evaluated(() => evaluator.dryRun(set, body, now())));
  });
  return app;
}
