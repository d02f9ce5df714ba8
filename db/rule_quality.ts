/**
 * How good each rule is by moderators' decisions: the reports it contributed to (a report-mode
 * hit in the analysis a report was filed from) and what became of them; and, for a shadow rule,
 * the accounts it would have reported and what moderators decided about them.
 */
import type { Sql } from "./connect.ts";

/** A rule's hits and its reports by outcome over a window. */
export interface RulePrecision {
  id: string;
  name: string;
  mode: "shadow" | "report";
  hits: number;
  reports: { open: number; actioned: number; dismissed: number };
  /** Actioned among the decided (actioned + dismissed); null before any decision. */
  precision: number | null;
}

/** What advice is made from, besides the figures. */
export interface RuleShape {
  detectorType: string;
  targetFields: string[];
  weight: number;
}

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

/**
 * Every live rule (and deleted ones still active in the window) with its hits in analyses
 * since `since` and the outcomes of the reports filed since then that it contributed to.
 */
export async function rulePrecision(
  sql: Sql,
  since: Date,
  ruleId?: string,
): Promise<(RulePrecision & { shape: RuleShape })[]> {
  const rows = await sql<Row[]>`
    WITH h AS (
      SELECT x->'rule'->>'id' AS rule_id, count(*)::int AS hits
      FROM analyses a CROSS JOIN LATERAL jsonb_array_elements(a.hits) x
      WHERE a.created_at >= ${since} AND x->'rule'->>'id' IS NOT NULL
      GROUP BY 1),
    c AS (
      SELECT DISTINCT r.id AS report_id, x->'rule'->>'id' AS rule_id, r.state, o.outcome
      FROM reports r
      JOIN analyses a ON a.id = r.analysis_id
      CROSS JOIN LATERAL jsonb_array_elements(a.hits) x
      LEFT JOIN report_outcomes o ON o.report_id = r.id
      WHERE r.created_at >= ${since} AND x->'rule'->>'mode' = 'report'
        AND x->'rule'->>'id' IS NOT NULL),
    rep AS (
      SELECT rule_id,
        (count(*) FILTER (WHERE outcome = 'actioned'))::int AS actioned,
        (count(*) FILTER (WHERE state = 'resolved' AND outcome IS DISTINCT FROM 'actioned'))::int
          AS dismissed,
        (count(*) FILTER (WHERE state = 'open' AND outcome IS NULL))::int AS open
      FROM c GROUP BY 1)
    SELECT ru.id::text AS id, ru.name, ru.mode, ru.detector_type, ru.target_fields, ru.weight,
           coalesce(h.hits, 0)::int AS hits, coalesce(rep.open, 0)::int AS open,
           coalesce(rep.actioned, 0)::int AS actioned, coalesce(rep.dismissed, 0)::int AS dismissed
    FROM rules ru
    LEFT JOIN h ON h.rule_id = ru.id::text
    LEFT JOIN rep ON rep.rule_id = ru.id::text
    WHERE (ru.deleted_at IS NULL OR h.rule_id IS NOT NULL OR rep.rule_id IS NOT NULL)
      ${ruleId === undefined ? sql`` : sql`AND ru.id = ${ruleId}`}
    ORDER BY ru.id`;
  return rows.map((r) => {
    const decided = r.actioned + r.dismissed;
    return {
      id: r.id,
      name: r.name,
      mode: r.mode,
      hits: r.hits,
      reports: { open: r.open, actioned: r.actioned, dismissed: r.dismissed },
      precision: decided === 0 ? null : Math.round((r.actioned / decided) * 1000) / 1000,
      shape: {
        detectorType: r.detector_type,
        targetFields: r.target_fields ?? [],
        weight: r.weight,
      },
    };
  });
}

/** An account a rule would have reported, and what moderators decided about it. */
export interface WouldReport {
  accountId: string;
  acct: string;
  at: Date;
  /** The score the analysis had with this rule live. */
  score: number;
  /** Our reports on the account: actioned if any was, else open, dismissed, or none filed. */
  outcome: "actioned" | "dismissed" | "open" | "not_reported";
}

/** The accounts a rule would have reported since `since`, and their outcomes. */
export interface ShadowPreview {
  accounts: number;
  byOutcome: Record<WouldReport["outcome"], number>;
  /** The most recent ones, at most the limit asked for. */
  recent: WouldReport[];
}

/**
 * The accounts whose analyses since `since` reach `threshold` with this rule live: a shadow
 * hit adds its weight to the analysis's score; a report-mode hit was live already. Each account
 * is counted once, at its latest such analysis.
 */
export async function shadowPreview(
  sql: Sql,
  ruleId: string,
  since: Date,
  threshold: number,
  limit = 50,
): Promise<ShadowPreview> {
  const rows = await sql<Row[]>`
    WITH w AS (
      SELECT DISTINCT ON (a.account_id) a.account_id, a.created_at,
             CASE WHEN x->'rule'->>'mode' = 'report' THEN a.score
                  ELSE a.score + (x->>'weight')::float8 END AS live_score
      FROM analyses a CROSS JOIN LATERAL jsonb_array_elements(a.hits) x
      WHERE a.created_at >= ${since}
        AND a.hits @> ${sql.json([{ rule: { id: ruleId } }])}
        AND x->'rule'->>'id' = ${ruleId}
        AND CASE WHEN x->'rule'->>'mode' = 'report' THEN a.score
                 ELSE a.score + (x->>'weight')::float8 END >= ${threshold}
      ORDER BY a.account_id, a.created_at DESC)
    SELECT w.account_id, acc.acct, w.created_at, w.live_score,
      coalesce((
        SELECT CASE WHEN count(r.id) = 0 THEN NULL
                    WHEN bool_or(o.outcome = 'actioned') THEN 'actioned'
                    WHEN bool_or(r.state = 'open') THEN 'open'
                    ELSE 'dismissed' END
        FROM reports r LEFT JOIN report_outcomes o ON o.report_id = r.id
        WHERE r.account_id = w.account_id), 'not_reported') AS outcome
    FROM w JOIN accounts acc ON acc.id = w.account_id
    ORDER BY w.created_at DESC, w.account_id`;
  const byOutcome = { actioned: 0, dismissed: 0, open: 0, not_reported: 0 };
  for (const r of rows) byOutcome[r.outcome as WouldReport["outcome"]]++;
  return {
    accounts: rows.length,
    byOutcome,
    recent: rows.slice(0, limit).map((r) => ({
      accountId: r.account_id,
      acct: r.acct,
      at: r.created_at,
      score: r.live_score,
      outcome: r.outcome,
    })),
  };
}
