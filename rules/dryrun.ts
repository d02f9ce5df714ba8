/**
 * Dry-run: evaluate an account and its statuses (Mastodon JSON) against the saved rules or
 * against unsaved ones, and explain the verdict. Shared by POST /dryrun/evaluate and the CLI.
 */
import { z } from "zod";
import { batchCounters } from "./batch.ts";
import type { CompiledRuleSet } from "./compile.ts";
import { evaluatePrepared } from "./engine.ts";
import { preparedCampaignKeys } from "./fingerprint.ts";
import { Prepared } from "./prepare.ts";
import { type RuleInput, RuleInputSchema, TEXT_FIELDS } from "./schema.ts";
import { AccountSchema, AdminAccountSchema, CountersSchema, StatusSchema } from "./types.ts";

/** One account to evaluate: the first status is taken as the one that triggered the run. */
export const DryRunItemSchema = z.object({
  account: AccountSchema,
  admin_account: AdminAccountSchema.nullish(),
  statuses: z.array(StatusSchema).max(200).default([]),
  counters: CountersSchema.optional(),
  /** Evaluation time (ISO 8601); defaults to now. */
  now: z.iso.datetime({ offset: true }).optional(),
});
export type DryRunItem = z.infer<typeof DryRunItemSchema>;

/** The most items one batch may carry. */
export const MAX_BATCH_ITEMS = 500;
/** A batch: its campaign counters are computed across its items (`rules/batch.ts`). */
export const DryRunBatchSchema = z.object({
  items: z.array(DryRunItemSchema).min(1, "must hold at least one item")
    .max(MAX_BATCH_ITEMS, `must hold at most ${MAX_BATCH_ITEMS} items`),
});

/** A field-level problem in unsaved rules. */
export interface RuleIssue {
  field: string;
  message: string;
}

/** Validates unsaved rules, naming each bad rule (by index and name) and field. */
export function parseRules(
  raw: unknown[],
  prefix = "rules",
): { rules: RuleInput[]; issues: RuleIssue[] } {
  const rules: RuleInput[] = [];
  const issues: RuleIssue[] = [];
  raw.forEach((r, i) => {
    const parsed = RuleInputSchema.safeParse(r);
    if (parsed.success) return rules.push(parsed.data);
    const name = (r as { name?: unknown })?.name;
    const label = typeof name === "string" && name ? `rule "${name}"` : `rule #${i}`;
    for (const issue of parsed.error.issues) {
      issues.push({
        field: [...(prefix ? [prefix] : []), i, ...issue.path].map(String).join("."),
        message: `${label}: ${issue.message}`,
      });
    }
  });
  return { rules, issues };
}

const cut = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

function normalizedTexts(p: Prepared) {
  const account: Record<string, string> = {};
  const statuses: Record<string, string | undefined>[] = [];
  for (const f of TEXT_FIELDS) {
    const targets = p.targets(f);
    if (targets.length === 1 && targets[0].statusId === undefined) {
      account[f] = cut(targets[0].text);
    }
  }
  for (const s of p.statuses) {
    const row: Record<string, string | undefined> = { id: s.status.id };
    for (const f of ["content", "spoiler_text", "media_alt", "poll_options", "links"] as const) {
      const t = s.target(f).text;
      if (t) row[f] = cut(t);
    }
    statuses.push(row);
  }
  return { account, statuses };
}

function prepared(item: DryRunItem, now: Date, counters = item.counters): Prepared {
  const [status, ...recent] = item.statuses;
  return new Prepared({
    account: item.account,
    adminAccount: item.admin_account,
    status: status ?? null,
    recentStatuses: recent,
    counters: counters ?? { texts: {}, links: {}, blurhashes: {} },
    now: itemTime(item, now),
  });
}

const itemTime = (item: DryRunItem, now: Date) => (item.now ? Date.parse(item.now) : now.getTime());

/** Evaluates one item and explains the verdict; `would_report` when the score reaches `threshold`. */
export function dryRun(set: CompiledRuleSet, item: DryRunItem, now: Date, threshold = 1) {
  const p = prepared(item, now);
  const verdict = evaluatePrepared(set, p);
  return {
    score: verdict.score,
    hits: verdict.hits.map((h) => [h.rule.name, h.weight, h.evidence] as const),
    would_report: verdict.score >= threshold,
    details: {
      shadow_score: verdict.shadow_score,
      evaluated_at: new Date(p.now).toISOString(),
      hits: verdict.hits,
      rules_evaluated: set.rules.length,
      rule_versions: Object.fromEntries(
        set.rules.map((
          r,
        ) => [r.hit.name, { id: r.hit.id ?? null, version: r.hit.version ?? null }]),
      ),
      regex_engines: Object.fromEntries(
        set.rules.filter((r) => r.regexEngines.length).map((r) => [r.hit.name, r.regexEngines]),
      ),
      rule_errors: set.errors,
      normalized: normalizedTexts(p),
      campaign_keys: p.statuses.map((s) => ({
        status_id: s.status.id,
        ...preparedCampaignKeys(s),
      })),
    },
  };
}

/**
 * Evaluates a batch as the workflow would see its accounts: campaign counters across the batch
 * (an item's own `counters` are added to them), each item at its own `now`.
 */
export function dryRunBatch(set: CompiledRuleSet, items: DryRunItem[], now: Date, threshold = 1) {
  const counters = batchCounters(items.map((item, i) => ({
    accountId: item.admin_account?.id ?? item.account.id ?? String(i),
    statuses: item.statuses,
    admin: item.admin_account,
    now: itemTime(item, now),
  })));
  const results = items.map((item, i) => {
    const own = item.counters;
    const merged = own
      ? {
        texts: { ...counters[i].texts, ...own.texts },
        links: { ...counters[i].links, ...own.links },
        blurhashes: { ...counters[i].blurhashes, ...own.blurhashes },
        ips: { ...counters[i].ips, ...own.ips },
        subnets: { ...counters[i].subnets, ...own.subnets },
        email_domains: { ...counters[i].email_domains, ...own.email_domains },
      }
      : counters[i];
    const verdict = evaluatePrepared(set, prepared(item, now, merged));
    return {
      index: i,
      account_id: item.account.id,
      score: verdict.score,
      shadow_score: verdict.shadow_score,
      hits: verdict.hits.map((h) => [h.rule.name, h.weight, h.evidence] as const),
      would_report: verdict.score >= threshold,
    };
  });
  return {
    items: results,
    would_report: results.filter((r) => r.would_report).length,
    rules_evaluated: set.rules.length,
    rule_errors: set.errors,
  };
}
