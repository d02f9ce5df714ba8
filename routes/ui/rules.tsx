/**
 * The rules pages for a browser: GET /rules, GET /rules/new, GET /rules/:id (editor, tester,
 * hits, history). For forms: POST /rules/:id/revert and POST /rules/:id/delete. For the tester:
 * GET /rules/samples/:accountId (an account's latest input as a dry-run body). Requests that do
 * not want a page go on to the JSON API (routes/rules.ts).
 */
import { type Context, Hono, type MiddlewareHandler, type Next } from "hono";
import { z } from "zod";
import { RulePage, type RulePageProps } from "../../components/rule.tsx";
import { RulesPage } from "../../components/rules.tsx";
import { ruleHitCounts } from "../../db/analytics.ts";
import { shadowPreview } from "../../db/rule_quality.ts";
import { latestInput, recentlyAnalysed } from "../../db/account_page.ts";
import type { Sql } from "../../db/connect.ts";
import {
  deleteRule,
  getRule,
  listRules,
  RuleStoreError,
  ruleVersions,
  updateRule,
} from "../../db/rules.ts";
import { DEFAULT_TEXT_FIELDS, DETECTOR_TYPES, PARAMS, TEXT_FIELDS } from "../../rules/schema.ts";
import { RuleInputSchema } from "../../rules/schema.ts";
import { regexChecker } from "../../rules/regex_checker.ts";
import { wantsHtml } from "../../server/auth.ts";
import { HttpError } from "../../server/errors.ts";
import { page } from "../../server/negotiate.ts";
import { describe } from "../../server/openapi.ts";
import type { AppEnv } from "../../server/types.ts";
import { idParam, intParam, validate } from "../../server/validate.ts";
import { readRuleQuality, type RuleQuality } from "../analytics.ts";
import { checkRegexes, RuleRecord } from "../rules.ts";

const HITS_DAYS = 30;
const ruleId = z.string().regex(/^\d{1,18}$/, "must be a rule id");

/** The choices of the editor, from the rule schema, so the browser bundle needs no zod. */
export const EDITOR_OPTIONS = {
  detectors: [...DETECTOR_TYPES],
  textFields: [...TEXT_FIELDS],
  defaultTextFields: [...DEFAULT_TEXT_FIELDS],
  checks: Object.fromEntries(
    Object.entries(PARAMS).flatMap(([type, schema]) => {
      const check = (schema.shape as { check?: { options?: string[] } }).check;
      return check?.options ? [[type, [...check.options]]] : [];
    }),
  ),
  categories: ["spam", "violation", "legal", "other"],
};

function storeError(err: unknown): never {
  if (err instanceof RuleStoreError) {
    throw new HttpError(err.kind === "not_found" ? 404 : 409, err.message);
  }
  throw err;
}

// A form sends the version as text, JSON as a number or text.
const revertBody = z.object({
  version: z.union([z.number().int().min(1).max(1_000_000), intParam(1, 1_000_000)], {
    message: "must be a version number from 1 to 1000000",
  }),
});

const tags = ["rules"];
const FORM = "application/x-www-form-urlencoded";
const toPage = { description: "For a browser: back to the rule's page" };
const docs = {
  new: describe({
    tags: ["ui"],
    summary: "The editor for a new rule (a page)",
    responses: { 200: { description: "The page", type: "text/html" } },
  }),
  revert: describe({
    tags,
    summary: "Saves an earlier version's content as a new version",
    params: { id: ruleId },
    body: revertBody.describe("the version to go back to (as JSON or a form field)"),
    bodyTypes: [FORM],
    responses: { 200: RuleRecord, 303: toPage },
    errors: [404, 409],
  }),
  delete: describe({
    tags,
    summary: "Deletes a rule (the form's way to DELETE /rules/{id})",
    params: { id: ruleId },
    bodyTypes: [FORM],
    responses: { 204: { description: "Deleted" }, 303: { description: "To the rules page" } },
    errors: [404, 409],
  }),
  samples: describe({
    tags,
    summary: "An account's latest analysed input as a dry-run body, for the rule tester",
    params: { accountId: idParam },
    responses: {
      200: z.object({
        account: z.unknown(),
        admin_account: z.unknown(),
        statuses: z.array(z.unknown()),
      }),
    },
    errors: [404],
  }),
};

/** Each rule's figures by id, its noisy advice joined. */
function figuresById(q: RuleQuality) {
  const noisy = new Map(q.noisy.map((n) => [n.id, n]));
  return Object.fromEntries(q.rules.map((r) => [r.id, { ...r, noisy: noisy.get(r.id) }]));
}

/** The rules pages. */
export function rulesPages(
  deps: {
    sql: Sql;
    auth: MiddlewareHandler<AppEnv>;
    now: () => Date;
    /** REPORT_THRESHOLD: what a shadow rule would have reported is measured against it. */
    reportThreshold?: number;
  },
) {
  const app = new Hono<AppEnv>();
  const { sql } = deps;
  // Only a browser's page requests are answered here; the API answers the rest.
  const pageOnly =
    (handler: (c: Context<AppEnv>) => Promise<Response>) =>
    async (c: Context<AppEnv>, next: Next) => {
      if (!wantsHtml(c)) return await next();
      const answer = await deps.auth(c, async () => {
        c.res = await handler(c);
      });
      return answer ?? c.res;
    };
  const editor = async () => ({
    options: EDITOR_OPTIONS,
    accounts: (await recentlyAnalysed(sql)).map((a) => ({
      id: a.id,
      acct: a.acct,
      score: a.lastScore,
    })),
  });

  app.get(
    "/rules",
    pageOnly(async (c) => {
      const [rules, quality] = await Promise.all([
        listRules(sql),
        readRuleQuality(deps, HITS_DAYS),
      ]);
      return page(
        c,
        (v) => <RulesPage {...v} rules={rules} quality={figuresById(quality)} days={HITS_DAYS} />,
      );
    }),
  );

  app.get(
    "/rules/new",
    docs.new,
    pageOnly(async (c) => {
      const props: Omit<RulePageProps, "actor" | "csrf"> = { versions: [], editor: await editor() };
      return page(c, (v) => <RulePage {...v} {...props} />);
    }),
  );

  app.get(
    "/rules/:id{[0-9]+}",
    pageOnly(async (c) => {
      const id = c.req.param("id") ?? "";
      const rule = await getRule(sql, id);
      if (!rule) throw new HttpError(404, `No rule with id ${id}`);
      const threshold = deps.reportThreshold ?? 1;
      const [versions, hits, ed, quality, preview] = await Promise.all([
        ruleVersions(sql, id),
        ruleHitCounts(sql, id, deps.now()),
        editor(),
        readRuleQuality(deps, HITS_DAYS, id),
        rule.mode === "shadow"
          ? shadowPreview(sql, id, new Date(rule.created_at), threshold, 20)
          : undefined,
      ]);
      const saved = Number(c.req.query("saved")) || undefined;
      return page(
        c,
        (v) => (
          <RulePage
            {...v}
            rule={rule}
            versions={versions ?? []}
            hits={hits}
            editor={ed}
            saved={saved}
            quality={figuresById(quality)[id]}
            qualityDays={HITS_DAYS}
            shadow={preview && { preview, threshold }}
          />
        ),
      );
    }),
  );

  // A revert is a new version whose content is the old one's, checked like any other save.
  app.post("/rules/:id/revert", deps.auth, docs.revert, async (c) => {
    const id = docs.revert.param(c, "id");
    const isJson = /json/.test(c.req.header("content-type") ?? "");
    const form = isJson ? await c.req.json().catch(() => ({})) : await c.req.parseBody();
    const { version } = validate(revertBody, { version: form.version ?? "" }, "body");
    const old = (await ruleVersions(sql, id))?.find((v) => v.version === version);
    if (!old) throw new HttpError(404, `Rule ${id} has no version ${version}`);
    const saved = await updateRule(sql, id, c.get("actor"), async () => {
      const rule = validate(RuleInputSchema, old.snapshot, `version ${version}`);
      await checkRegexes(rule, "", regexChecker.request(c.get("actor")));
      return rule;
    }, { action: "revert" }).catch(storeError);
    if (wantsHtml(c)) return c.redirect(`/rules/${id}?saved=${saved.version}`, 303);
    return c.json(saved);
  });

  app.post("/rules/:id/delete", deps.auth, docs.delete, async (c) => {
    const id = docs.delete.param(c, "id");
    await deleteRule(sql, id, c.get("actor")).catch(storeError);
    if (wantsHtml(c)) return c.redirect("/rules", 303);
    return c.body(null, 204);
  });

  app.get("/rules/samples/:accountId", deps.auth, docs.samples, async (c) => {
    const accountId = docs.samples.param(c, "accountId");
    const latest = await latestInput(sql, accountId);
    const input = latest?.input as Record<string, unknown> | undefined;
    if (!input) throw new HttpError(404, `No stored statuses for account ${accountId}`);
    const seen = new Set<string>();
    const statuses = [input.status, ...((input.recentStatuses as unknown[]) ?? [])].filter((s) => {
      const id = (s as { id?: string } | null)?.id;
      return id !== undefined && !seen.has(id) && Boolean(seen.add(id));
    });
    return c.json({ account: input.account, admin_account: input.adminAccount ?? null, statuses });
  });
  return app;
}
