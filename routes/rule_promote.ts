/**
 * POST /rules/{id}/promote: a shadow rule starts filing reports. One click in the UI (a form with
 * its CSRF token) or one JSON call; who and why are kept in the rule's history and the audit log.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Sql } from "../db/connect.ts";
import { promoteRule, RuleStoreError } from "../db/rules.ts";
import { HttpError } from "../server/errors.ts";
import { describe } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { readParam, validate } from "../server/validate.ts";
import { RuleRecord } from "./rules.ts";

const ruleId = z.string().regex(/^\d{1,18}$/, "must be a rule id");

const Promote = z.object({
  reason: z.string().trim().min(1, "say why the rule may now file reports").max(
    1000,
    "must be at most 1000 characters",
  ).refine(
    (v) => !/\p{Cc}/u.test(v.replace(/[\n\r\t]/g, "")),
    "must not contain control characters",
  )
    .describe("why the rule may now file reports; kept in the audit log"),
});

const doc = describe({
  tags: ["rules"],
  summary: "Promotes a shadow rule to report mode, recording who and why",
  description: "A new version of the rule and a `rule.promoted` audit row with the actor and " +
    "the reason. A rule already in report mode is a 409.",
  params: { id: ruleId },
  body: Promote,
  bodyTypes: ["application/x-www-form-urlencoded"],
  responses: { 200: RuleRecord },
  errors: [404, 409],
});

/** The promote route, behind `deps.auth`. */
export function rulePromoteRoutes(deps: { sql: Sql; auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.post("/rules/:id/promote", deps.auth, doc, async (c) => {
    const id = readParam(c, "id", ruleId);
    const isForm = /form/.test(c.req.header("content-type") ?? "");
    const { reason } = isForm
      ? validate(Promote, { reason: (await c.req.parseBody()).reason ?? "" })
      : await doc.json(c);
    try {
      return c.json(await promoteRule(deps.sql, id, c.get("actor"), reason));
    } catch (err) {
      if (err instanceof RuleStoreError) {
        throw new HttpError(err.kind === "not_found" ? 404 : 409, err.message);
      }
      throw err;
    }
  });
  return app;
}
