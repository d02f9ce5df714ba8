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
import { DETECTOR_TYPES, type RuleInput, RuleInputSchema } from "../rules/schema.ts";
import { HttpError } from "../server/errors.ts";
import { describe, timestamp } from "../server/openapi.ts";
import { boolParam, validate } from "../server/validate.ts";
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
const Patch = z.record(z.string(), z.unknown()).describe(
  "The whole rule or only the fields that change; `version` (optional) must be the current " +
    "one. The rule after the change is validated whole, as in POST /rules",
);
const Toggle = z.object({ enabled: z.boolean().optional() });
const RuleList = z.array(z.unknown()).max(1000).describe(
  "Rules as GET /rules/export gives them; each is validated as in POST /rules",
);

/** A stored rule as the API answers it: the rule JSON and what the server manages. */
export const RuleRecord = z.looseObject({
  id: z.string(),
  name: z.string(),
  detector_type: z.enum(DETECTOR_TYPES),
  pattern: z.string(),
  weight: z.number(),
  enabled: z.boolean(),
  mode: z.enum(["shadow", "report"]),
  params: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  created_at: timestamp,
  created_by: z.string(),
  updated_at: timestamp,
  updated_by: z.string(),
  deleted_at: timestamp.nullable(),
});

const tags = ["rules"];
const stored = [404, 409];
const docs = {
  list: describe({
    tags,
    summary: "The rules (soft-deleted ones too with include_deleted=true)",
    description: "A browser asking for text/html gets the rules page (routes/ui/rules.tsx).",
    query: z.object({ include_deleted: boolParam.optional() }),
    page: true,
    responses: { 200: z.object({ rules: z.array(RuleRecord) }) },
  }),
  export: describe({
    tags,
    summary: "The rules as rule JSON, for POST /rules/import elsewhere",
    responses: { 200: z.array(z.record(z.string(), z.unknown())) },
  }),
  import: describe({
    tags,
    summary: "Imports rules: all or none",
    body: RuleList,
    responses: { 201: z.object({ imported: z.number().int() }) },
    errors: [409],
  }),
  create: describe({
    tags,
    summary: "Creates a rule (in shadow mode unless mode says otherwise)",
    description: "Regexes are checked for catastrophic backtracking before anything is saved.",
    body: RuleInputSchema,
    responses: { 201: RuleRecord },
    errors: [409],
  }),
  get: describe({
    tags,
    summary: "One rule",
    description: "A browser asking for text/html gets the rule's editor, tester and history.",
    page: true,
    responses: { 200: RuleRecord },
    errors: [404],
  }),
  versions: describe({
    tags,
    summary: "A rule's history: every version with who, when and what changed",
    responses: {
      200: z.object({
        versions: z.array(z.object({
          version: z.number().int(),
          snapshot: z.record(z.string(), z.unknown()),
          changes: z.record(z.string(), z.unknown()),
          changed_by: z.string(),
          changed_at: timestamp,
        })),
      }),
    },
    errors: [404],
  }),
  update: describe({
    tags,
    summary: "Changes a rule: a new version",
    body: Patch,
    responses: { 200: RuleRecord },
    errors: stored,
  }),
  toggle: describe({
    tags,
    summary: "Switches a rule on or off; without a body it flips",
    body: Toggle,
    bodyRequired: false,
    bodyTypes: ["application/x-www-form-urlencoded"],
    responses: { 200: RuleRecord },
    errors: stored,
  }),
  delete: describe({
    tags,
    summary: "Deletes a rule (softly: its history stays)",
    responses: { 204: { description: "Deleted" } },
    errors: stored,
  }),
};

/** The /rules routes, all behind `deps.auth`. */
export function rulesRoutes(deps: { sql: Sql; auth: MiddlewareHandler<AppEnv> }): Hono<AppEnv> {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use("/rules", deps.auth);
  app.use("/rules/*", deps.auth);

  app.get("/rules", docs.list, async (c) => {
    const q = docs.list.query(c);
    return c.json({ rules: await listRules(sql, { includeDeleted: q.include_deleted ?? false }) });
  });

  app.get("/rules/export", docs.export, async (c) => {
    return c.json((await listRules(sql)).map((r) => ruleJson(r)));
  });

  // Import: all rules or none (one transaction); the body is what GET /rules/export returns.
  app.post("/rules/import", docs.import, async (c) => {
    const raw = await docs.import.json(c);
    const { rules, issues } = parseRules(raw, "");
    if (issues.length) throw new HttpError(422, "Invalid rules", issues);
    const checks = regexChecker.request(c.get("actor"));
    for (const [i, r] of rules.entries()) await checkRegexes(r, `${i}.`, checks);
    await importRules(sql, rules, c.get("actor")).catch(storeError);
    return c.json({ imported: rules.length }, 201);
  });

  app.post("/rules", docs.create, async (c) => {
    const rule = await docs.create.json(c);
    await checkRegexes(rule, "", regexChecker.request(c.get("actor")));
    const saved = await createRule(sql, rule, c.get("actor")).catch(storeError);
    return c.json(saved, 201);
  });

  app.get("/rules/:id", docs.get, async (c) => {
    const rule = await getRule(sql, c.req.param("id"));
    if (!rule) throw new HttpError(404, `No rule with id ${c.req.param("id")}`);
    return c.json(rule);
  });

  app.get("/rules/:id/versions", docs.versions, async (c) => {
    const versions = await ruleVersions(sql, c.req.param("id"));
    if (!versions) throw new HttpError(404, `No rule with id ${c.req.param("id")}`);
    return c.json({ versions });
  });

  app.put("/rules/:id", docs.update, async (c) => {
    const patch = await docs.update.json(c);
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

  app.post("/rules/:id/toggle", docs.toggle, async (c) => {
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

  app.delete("/rules/:id", docs.delete, async (c) => {
    await deleteRule(sql, c.req.param("id"), c.get("actor")).catch(storeError);
    return c.body(null, 204);
  });

  return app;
}
