/** Filing, validating and rendering reports (Report and Admin::Report entities). */
import { accountJson, type Json } from "../entities.ts";
import type { Dev } from "../context.ts";
import { z } from "zod";
import { ApiError, boolParam, errors } from "./http.ts";
import type { ReportEntry } from "../state.ts";

const CATEGORIES = ["spam", "legal", "violation", "other"];

const id = z.union([z.string(), z.number()]).transform(String);
/** Rails accepts `x[]=` repeats, a single `x=` or a JSON array alike. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );

/** The parameters of POST /api/v1/reports; unknown ones are ignored, as Mastodon does. */
export const reportParamsSchema = z.looseObject({
  account_id: id.optional(),
  status_ids: list(id),
  rule_ids: list(id),
  forward_to_domains: list(z.string()),
  comment: z.string().default(""),
  category: z.string().optional(),
  forward: z.union([z.boolean(), z.string()]).optional(),
});

/** Validates the parameters of POST /api/v1/reports and files the report like Mastodon. */
export function fileReport(
  dev: Dev,
  reporterId: string,
  raw: Record<string, unknown>,
): ReportEntry {
  const parsed = reportParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw errors.validation(`${issue.path.join(".")} ${issue.message}`);
  }
  const p = parsed.data;
  const targetId = p.account_id ?? "";
  const target = dev.state.accounts.get(targetId);
  if (!target) throw errors.recordNotFound();
  for (const statusId of p.status_ids) {
    if (dev.state.statuses.get(statusId)?.accountId !== targetId) throw errors.recordNotFound();
  }
  if ([...p.comment].length > 1000) {
    throw errors.validation("Comment is too long (maximum is 1,000 characters)");
  }
  const known = new Set(dev.rules.map((r) => r.id));
  if (p.rule_ids.some((ruleId) => !known.has(ruleId))) {
    throw errors.validation("Rule ids contains invalid rule ids");
  }
  let category = p.category || "other";
  if (!CATEGORIES.includes(category)) {
    throw new ApiError(422, `'${category}' is not a valid category`);
  }
  // Mastodon files any report naming rules as a rule violation.
  if (p.rule_ids.length > 0) category = "violation";
  const remote = target.admin.domain !== null;
  const forwarded = remote && (boolParam(p.forward) || p.forward_to_domains.length > 0);
  const statusIds = p.status_ids;
  const ruleIds = p.rule_ids;
  const comment = p.comment;
  const t = dev.now();
  return dev.state.addReport({
    accountId: reporterId,
    targetAccountId: targetId,
    statusIds,
    ruleIds: category === "violation" ? ruleIds : [],
    comment,
    category,
    forwarded,
    createdAt: t,
    updatedAt: t,
    actionTakenAt: null,
    actionTakenById: null,
    assignedAccountId: null,
    resolved: false,
    action: null,
  });
}

/** Mastodon's Report entity, as answered to the reporter. */
export function reportJson(dev: Dev, r: ReportEntry): Json {
  const target = dev.state.accounts.get(r.targetAccountId)!;
  return {
    id: r.id,
    action_taken: r.actionTakenAt !== null,
    action_taken_at: r.actionTakenAt === null ? null : new Date(r.actionTakenAt).toISOString(),
    category: r.category,
    comment: r.comment,
    forwarded: r.forwarded,
    created_at: new Date(r.createdAt).toISOString(),
    status_ids: r.statusIds.length ? r.statusIds : null,
    rule_ids: r.category === "violation" ? r.ruleIds : null,
    collection_ids: [],
    target_account: target.model ? accountJson(target.model, dev.base) : target.admin.account,
  };
}

function adminAccount(dev: Dev, id: string | null): Json {
  if (id === null) return null;
  return dev.state.accounts.get(id)?.admin ?? null;
}

/** Mastodon's Admin::Report entity. */
export function adminReportJson(dev: Dev, r: ReportEntry): Json {
  const base = reportJson(dev, r);
  return {
    id: base.id,
    action_taken: base.action_taken,
    action_taken_at: base.action_taken_at,
    category: base.category,
    comment: base.comment,
    forwarded: base.forwarded,
    created_at: base.created_at,
    updated_at: new Date(r.updatedAt).toISOString(),
    account: adminAccount(dev, r.accountId),
    target_account: adminAccount(dev, r.targetAccountId),
    assigned_account: adminAccount(dev, r.assignedAccountId),
    action_taken_by_account: adminAccount(dev, r.actionTakenById),
    statuses: r.statusIds.map((id) => dev.state.statuses.get(id)?.json).filter(Boolean),
    rules: dev.rules.filter((rule) => r.ruleIds.includes(rule.id)),
  };
}

/** Moderator actions the dev endpoint can record, and the flag each sets on the target. */
export const ACTIONS = ["none", "sensitive", "disable", "silence", "suspend"] as const;

/**
 * Applies a moderator's decision to a report and, for an action, to its target account; both
 * are written to the store (call it inside a transaction with the webhook it causes).
 */
export function decide(
  dev: Dev,
  r: ReportEntry,
  moderatorId: string,
  decision: { resolved: boolean; actionTaken: boolean; action?: (typeof ACTIONS)[number] },
) {
  const t = dev.now();
  r.updatedAt = t;
  r.resolved = decision.resolved;
  // As in Mastodon, resolving sets action_taken(_at) whether moderators acted or dismissed the
  // report; what they did shows on the target account.
  r.actionTakenAt = decision.resolved ? t : null;
  r.actionTakenById = decision.resolved ? moderatorId : null;
  r.action = decision.resolved ? decision.action ?? (decision.actionTaken ? "none" : null) : null;
  const flag = {
    sensitive: "sensitized",
    disable: "disabled",
    silence: "silenced",
    suspend: "suspended",
  };
  const action = decision.action;
  if (decision.resolved && action && action !== "none") {
    const target = dev.state.accounts.get(r.targetAccountId);
    if (target) {
      target.admin[flag[action]] = true;
      // Mastodon marks the public Account too: `suspended` hides it, `limited` for silenced.
      if (action === "suspend") target.admin.account = { ...target.admin.account, suspended: true };
      if (action === "silence") target.admin.account = { ...target.admin.account, limited: true };
      dev.state.saveAccount(target);
    }
  }
  dev.state.saveReport(r);
}
