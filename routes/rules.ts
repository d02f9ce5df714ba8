/**
 * Rule management: list, create, read, update (a new version each time), toggle and soft-delete.
 * Bodies are rule JSON; regexes are checked for catastrophic backtracking before anything is saved.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Sql } from "../db/connect.ts";
import {
  createRule,
  deleteRule,
  getRule,
  importRules,
  listRules,
  ruleJson,
  RuleStoreError,
  ruleVersions,
  updateRule,
} from "../db/rules.ts";
import { regexesOf } from "../rules/compile.ts";
import { parseRules } from "../rules/dryrun.ts";
import { type CheckRequest, regexChecker } from "../rules/regex_checker.ts";
import { type RuleInput, RuleInputSchema } from "../rules/schema.ts";
import { HttpError } from "../server/errors.ts";
import { boolParam, readJson, readQuery, validate } from "../server/validate.ts";
import type { AppEnv } from "../server/types.ts";

/**
 * Refuses (422) a rule whose regexes cannot run safely, naming the field and the reason. Does
 * not wait for safety checks (see rules/regex_checker.ts): an unchecked regex runs on re2js
 * until its check lands; only one that re2js cannot run is waited for, within `checks`' limits.
 */
export async function checkRegexes(
  rule: RuleInput,
  prefix = "",
  checks: CheckRequest = regexChecker.request("unknown"),
): Promise<void> {
  const issues = [];
  for (const r of regexesOf(rule)) {
    const v = await checks.usable(r.source, r.caseSensitive);
    if (v.ok) continue;
    const field = r.source === rule.pattern && rule.detector_type === "regex"
      ? "pattern"
      : "secondary_pattern";
    issues.push({ field: `${prefix}${field}`, message: `${field} ${v.reason}` });
  }
  if (issues.length) throw new HttpError(422, `Rule "${rule.name}" has an unsafe regex`, issues);
}

function storeError(err: unknown): never {
  if (err instanceof RuleStoreError) {
    throw new HttpError(err.kind === "not_found" ? 404 : 409, err.message);
  }
  throw err;
}

// Fields the server manages; clients may send them back unchanged in a PUT body.
const MANAGED = [
  "id",
  "version",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "deleted_at",
];
const Patch = z.record(z.string(), z.unknown());
const Toggle = z.object({ enabled: z.boolean().optional() });

/** The /rules routes, all behind `deps.auth`. */
export function rulesRoutes(deps: { sql: Sql; auth: MiddlewareHandler<AppEnv> }): Hono<AppEnv> {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use("/rules", deps.auth);
  app.use("/rules/*", deps.auth);

  app.get("/rules", async (c) => {
    const q = readQuery(c, z.object({ include_deleted: boolParam.optional() }));
    return c.json({ rules: await listRules(sql, { includeDeleted: q.include_deleted ?? false }) });
  });

  app.get("/rules/export", async (c) => {
    return c.json((await listRules(sql)).map((r) => ruleJson(r)));
  });

  // Import: all rules or none (one transaction); the body is what GET /rules/export returns.
  app.post("/rules/import", async (c) => {
    const raw = await readJson(c, z.array(z.unknown()).max(1000));
    const { rules, issues } = parseRules(raw, "");
    if (issues.length) throw new HttpError(422, "Invalid rules", issues);
    const checks = regexChecker.request(c.get("actor"));
    for (const [i, r] of rules.entries()) await checkRegexes(r, `${i}.`, checks);
    await importRules(sql, rules, c.get("actor")).catch(storeError);
    return c.json({ imported: rules.length }, 201);
  });

  app.post("/rules", async (c) => {
    const rule = await readJson(c, RuleInputSchema);
    await checkRegexes(rule, "", regexChecker.request(c.get("actor")));
    const saved = await createRule(sql, rule, c.get("actor")).catch(storeError);
    return c.json(saved, 201);
  });

  app.get("/rules/:id", async (c) => {
    const rule = await getRule(sql, c.req.param("id"));
    if (!rule) throw new HttpError(404, `No rule with id ${c.req.param("id")}`);
    return c.json(rule);
  });

  app.get("/rules/:id/versions", async (c) => {
    const versions = await ruleVersions(sql, c.req.param("id"));
    if (!versions) throw new HttpError(404, `No rule with id ${c.req.param("id")}`);
    return c.json({ versions });
  });

  app.put("/rules/:id", async (c) => {
    const patch = await readJson(c, Patch);
    const expected = patch.version;
    if (expected !== undefined && !Number.isInteger(expected)) {
      throw new HttpError(422, "Invalid body", [{
        field: "version",
        message: "must be an integer",
      }]);
    }
    for (const k of MANAGED) delete patch[k];
    const saved = await updateRule(sql, c.req.param("id"), c.get("actor"), async (current) => {
      // A PUT may carry the whole rule or only the fields that change.
      const rule = validate(RuleInputSchema, { ...current, ...patch });
      await checkRegexes(rule, "", regexChecker.request(c.get("actor")));
      return rule;
    }, { expectedVersion: expected as number | undefined }).catch(storeError);
    return c.json(saved);
  });

  app.post("/rules/:id/toggle", async (c) => {
    // A UI form posts only its CSRF field: a body that is not JSON just means "flip it".
    const isForm = /form/.test(c.req.header("content-type") ?? "");
    const text = isForm ? "" : await c.req.text();
    let wanted: boolean | undefined;
    if (text.trim() !== "") {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new HttpError(400, "Request body is not valid JSON");
      }
      wanted = validate(Toggle, body).enabled;
    }
    const saved = await updateRule(sql, c.req.param("id"), c.get("actor"), (current) => {
      const enabled = wanted ?? !current.enabled;
      return RuleInputSchema.parse({ ...current, enabled });
    }, { action: "toggle" }).catch(storeError);
    return c.json(saved);
  });

  app.delete("/rules/:id", async (c) => {
    await deleteRule(sql, c.req.param("id"), c.get("actor")).catch(storeError);
    return c.body(null, 204);
  });

  return app;
}
