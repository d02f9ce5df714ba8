/**
 * Dry-run: evaluate an account and its statuses (Mastodon JSON) against the saved rules or
 * against unsaved ones, and explain the verdict. Shared by POST /dryrun/evaluate and the CLI.
 */
import { z } from "zod";
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

/** Evaluates one item and explains the verdict. */
export function dryRun(set: CompiledRuleSet, item: DryRunItem, now: Date) {
  const [status, ...recent] = item.statuses;
  const p = new Prepared({
    account: item.account,
    adminAccount: item.admin_account,
    status: status ?? null,
    recentStatuses: recent,
    counters: item.counters ?? { texts: {}, links: {}, blurhashes: {} },
    now: item.now ? Date.parse(item.now) : now.getTime(),
  });
  const verdict = evaluatePrepared(set, p);
  return {
    score: verdict.score,
    hits: verdict.hits.map((h) => [h.rule.name, h.weight, h.evidence] as const),
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
