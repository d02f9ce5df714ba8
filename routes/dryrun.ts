/** POST /dryrun/evaluate: score Mastodon JSON against saved or unsaved rules; nothing is filed. */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { type CompiledRuleSet, prepareRuleSet } from "../rules/compile.ts";
import { dryRun, DryRunItemSchema, parseRules } from "../rules/dryrun.ts";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";
import { readJson } from "../server/validate.ts";
import { checkRegexes } from "./rules.ts";

const Body = DryRunItemSchema.extend({ rules: z.array(z.unknown()).max(500).optional() });

/** The dry-run route, behind `deps.auth`; `rules` yields the saved rule set. */
export function dryrunRoutes(deps: {
  auth: MiddlewareHandler<AppEnv>;
  rules: () => Promise<CompiledRuleSet>;
  now?: () => Date;
}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();
  app.use("/dryrun/*", deps.auth);
  app.post("/dryrun/evaluate", async (c) => {
    const body = await readJson(c, Body);
    let set: CompiledRuleSet;
    if (body.rules) {
      const { rules, issues } = parseRules(body.rules);
      if (issues.length) throw new HttpError(422, "Invalid rules", issues);
      for (const [i, r] of rules.entries()) await checkRegexes(r, `rules.${i}.`);
      set = await prepareRuleSet(rules);
    } else {
      set = await deps.rules();
    }
    return c.json(dryRun(set, body, now()));
  });
  return app;
}
