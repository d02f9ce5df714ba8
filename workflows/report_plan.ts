/** Pure parts of the report decision: which hits count, what to cite, which category. */
import type { AnalysisRow, StoredHit } from "../db/analyses.ts";
import type { ReportRow } from "../db/reports.ts";
import type { Decision } from "./types.ts";

/** A decision not to file, or the evidence to file with. */
export type Plan =
  | { file: false; decision: Exclude<Decision, "reported" | "waiting_budget" | "waiting_backlog"> }
  | {
    file: true;
    hits: StoredHit[];
    statusIds: string[];
    category: "spam" | "violation" | "legal" | "other";
    ruleIds: string[];
    newEvidence?: { previousReportId: string; statusCount: number };
  };

/** When a follow-up report on an account with an open report of ours may be filed. */
export interface FollowUp {
  now: Date;
  /** How long our last open report must have stood before new evidence earns another. */
  afterMs: number;
}

/**
 * Decides from the analysis alone (settings and budgets are the caller's): below threshold,
 * shadow-only, already reported without new evidence, or what to file. New evidence earns a
 * second report only once our last one has stood unresolved for `followUp.afterMs`: a burst of
 * statuses is one incident, not one report per status.
 */
export function planReport(
  analysis: AnalysisRow,
  threshold: number,
  openReports: ReportRow[],
  followUp: FollowUp = { now: new Date(0), afterMs: 0 },
): Plan {
  const hits = analysis.hits.filter((h) => h.rule.mode === "report");
  if (hits.length === 0) {
    const shadowOnly = analysis.hits.length > 0 && analysis.shadowScore >= threshold;
    return { file: false, decision: shadowOnly ? "skipped_shadow" : "skipped_below_threshold" };
  }
  if (analysis.score < threshold) return { file: false, decision: "skipped_below_threshold" };
  const statusIds = evidenceStatusIds(hits);
  const covered = new Set(openReports.flatMap((r) => r.statusIds));
  const fresh = statusIds.filter((id) => !covered.has(id));
  const previous = openReports.at(-1);
  const tooSoon = previous !== undefined &&
    followUp.now.getTime() - previous.createdAt.getTime() < followUp.afterMs;
  if (previous && (fresh.length === 0 || tooSoon)) {
    return { file: false, decision: "already_reported" };
  }
  return {
    file: true,
    hits,
    statusIds,
    ...categoryOf(hits),
    newEvidence: previous
      ? { previousReportId: previous.mastodonReportId ?? previous.id, statusCount: fresh.length }
      : undefined,
  };
}

/** The status ids that carry evidence, in first-seen order. */
export function evidenceStatusIds(hits: StoredHit[]): string[] {
  const ids = new Set<string>();
  for (const h of hits) for (const e of h.evidence) if (e.status_id) ids.add(e.status_id);
  return [...ids];
}

/**
 * Mastodon requires rule ids with "violation" and infers it from them, so rule ids win;
 * otherwise the category of the heaviest hit, and never a "violation" without rules.
 */
export function categoryOf(
  hits: StoredHit[],
): { category: "spam" | "violation" | "legal" | "other"; ruleIds: string[] } {
  const ruleIds = [...new Set(hits.flatMap((h) => h.rule.instance_rule_ids))];
  if (ruleIds.length > 0) return { category: "violation", ruleIds };
  const top = [...hits].sort((a, b) => b.weight - a.weight)[0];
  const category = top.rule.category === "violation" ? "other" : top.rule.category;
  return { category, ruleIds: [] };
}
