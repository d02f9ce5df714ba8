/** Reports this service filed at Mastodon, their daily counts and their outcomes. */
import type { Sql } from "./connect.ts";

/** What the report step records after Mastodon accepted (or it adopted) a report. */
export interface NewReport {
  accountId: string;
  analysisId?: string | null;
  runId: string;
  mastodonReportId: string;
  statusIds: string[];
  category: string;
  instanceRuleIds: string[];
  comment: string;
  forwarded: boolean;
  domain: string | null;
  at?: Date;
}

/** A stored report. */
export interface ReportRow {
  id: string;
  accountId: string;
  analysisId: string | null;
  runId: string;
  mastodonReportId: string | null;
  statusIds: string[];
  category: string;
  instanceRuleIds: string[];
  comment: string;
  forwarded: boolean;
  domain: string | null;
  state: "open" | "resolved";
  createdAt: Date;
  resolvedAt: Date | null;
  outcome?: { actionTaken: boolean; observedAt: Date } | null;
}

/**
 * A report would be recorded against a row that belongs to another run or account: the Mastodon
 * id is already taken, or the run already recorded another report. Never resolved by adopting
 * the other row.
 */
export class ReportIntegrityError extends Error {
  constructor(message: string, readonly existing: ReportRow) {
    super(message);
    this.name = "ReportIntegrityError";
  }
}

/**
 * Records a report once per run. Recording the same report for the same run again returns the
 * stored row; a conflict with any other row throws ReportIntegrityError.
 */
export async function insertReport(sql: Sql, r: NewReport): Promise<ReportRow> {
  const inserted = await sql<DbRow[]>`
    INSERT INTO reports (account_id, analysis_id, run_id, mastodon_report_id, status_ids, category,
                         instance_rule_ids, comment, forwarded, domain, created_at)
    VALUES (${r.accountId}, ${r.analysisId ?? null}, ${r.runId}, ${r.mastodonReportId},
            ${r.statusIds}, ${r.category}, ${r.instanceRuleIds}, ${r.comment}, ${r.forwarded},
            ${r.domain}, ${r.at ?? new Date()})
    ON CONFLICT DO NOTHING
    RETURNING *`;
  if (inserted[0]) return toRow(inserted[0]);
  const rows = await sql<DbRow[]>`
    SELECT * FROM reports WHERE run_id = ${r.runId} OR mastodon_report_id = ${r.mastodonReportId}
    ORDER BY id`;
  const same = rows.find((row) =>
    row.run_id === r.runId && row.mastodon_report_id === r.mastodonReportId &&
    row.account_id === r.accountId
  );
  if (same && rows.length === 1) return toRow(same);
  const other = rows.find((row) => row !== same);
  if (!other) throw new Error(`report of run ${r.runId} was neither inserted nor found`);
  throw new ReportIntegrityError(
    `Mastodon report ${r.mastodonReportId} for account ${r.accountId} (run ${r.runId}) ` +
      `conflicts with stored report ${other.id}: Mastodon report ${other.mastodon_report_id} ` +
      `on account ${other.account_id}, run ${other.run_id}`,
    toRow(other),
  );
}

/** The report a run filed, or undefined. */
export async function getReportByRun(sql: Sql, runId: string): Promise<ReportRow | undefined> {
  const rows = await sql<DbRow[]>`SELECT * FROM reports WHERE run_id = ${runId}`;
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** Our open reports on an account, oldest first. */
export async function openReportsForAccount(sql: Sql, accountId: string): Promise<ReportRow[]> {
  const rows = await sql<DbRow[]>`
    SELECT * FROM reports WHERE account_id = ${accountId} AND state = 'open' ORDER BY id`;
  return rows.map(toRow);
}

/** Our reports on an account with their outcomes, newest first (cursor = last id returned). */
export async function listReportsByAccount(
  sql: Sql,
  accountId: string,
  q: { limit?: number; cursor?: string } = {},
): Promise<{ items: ReportRow[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(q.limit ?? 20, 1), 200);
  const rows = await sql<(DbRow & { action_taken: boolean | null; observed_at: Date | null })[]>`
    SELECT r.*, o.action_taken, o.observed_at FROM reports r
    LEFT JOIN report_outcomes o ON o.report_id = r.id
    WHERE r.account_id = ${accountId} ${q.cursor ? sql`AND r.id < ${q.cursor}` : sql``}
    ORDER BY r.id DESC LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map((r) => ({
    ...toRow(r),
    outcome: r.observed_at === null
      ? null
      : { actionTaken: r.action_taken === true, observedAt: r.observed_at },
  }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.id : undefined };
}

/** How many reports were filed since `since`; for one domain (null = local) when given. */
export async function countReportsSince(
  sql: Sql,
  since: Date,
  domain?: string | null,
): Promise<number> {
  const rows = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM reports WHERE created_at >= ${since}
      ${
    domain === undefined
      ? sql``
      : domain === null
      ? sql`AND domain IS NULL`
      : sql`AND domain = ${domain}`
  }`;
  return rows[0].n;
}

/** Our open reports that Mastodon knows by id: what an outcome sync looks for. */
export async function openReportIds(
  sql: Sql,
): Promise<{ id: string; accountId: string; mastodonReportId: string; statusIds: string[] }[]> {
  const rows = await sql<
    { id: string | bigint; account_id: string; mastodon_report_id: string; status_ids: string[] }[]
  >`
    SELECT id, account_id, mastodon_report_id, status_ids FROM reports
    WHERE state = 'open' AND mastodon_report_id IS NOT NULL`;
  return rows.map((r) => ({
    id: String(r.id),
    accountId: r.account_id,
    mastodonReportId: r.mastodon_report_id,
    statusIds: r.status_ids,
  }));
}

/**
 * Open reports to check at Mastodon, the longest unchecked first; marks them checked. With
 * `uncheckedSince`, only those filed and last checked before it.
 */
export async function takeOpenReportsToCheck(
  sql: Sql,
  limit: number,
  at: Date,
  uncheckedSince?: Date,
): Promise<ReportRow[]> {
  const rows = await sql<DbRow[]>`
    UPDATE reports SET checked_at = ${at} WHERE id IN (
      SELECT id FROM reports WHERE state = 'open' AND mastodon_report_id IS NOT NULL
      ${
    uncheckedSince
      ? sql`AND created_at < ${uncheckedSince}
            AND (checked_at IS NULL OR checked_at < ${uncheckedSince})`
      : sql``
  }
      ORDER BY checked_at NULLS FIRST, id LIMIT ${limit})
    RETURNING *`;
  return rows.map(toRow);
}

/**
 * Records what moderators decided (actioned or dismissed) and marks the report resolved, once.
 */
export async function resolveReport(
  sql: Sql,
  reportId: string,
  outcome: { actionTaken: boolean; details: Record<string, unknown>; at: Date },
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO report_outcomes (report_id, action_taken, resolved, observed_at, details,
                                   outcome)
      VALUES (${reportId}, ${outcome.actionTaken}, true, ${outcome.at},
              ${tx.json(JSON.parse(JSON.stringify(outcome.details)))},
              ${outcome.actionTaken ? "actioned" : "dismissed"})
      ON CONFLICT (report_id) DO NOTHING`;
    await tx`
      UPDATE reports SET state = 'resolved', resolved_at = ${outcome.at}
      WHERE id = ${reportId} AND state = 'open'`;
  });
}

interface DbRow {
  id: string | bigint;
  account_id: string;
  analysis_id: string | bigint | null;
  run_id: string;
  mastodon_report_id: string | null;
  status_ids: string[];
  category: string;
  instance_rule_ids: string[];
  comment: string;
  forwarded: boolean;
  domain: string | null;
  state: "open" | "resolved";
  created_at: Date;
  resolved_at: Date | null;
}

function toRow(r: DbRow): ReportRow {
  return {
    id: String(r.id),
    accountId: r.account_id,
    analysisId: r.analysis_id === null ? null : String(r.analysis_id),
    runId: r.run_id,
    mastodonReportId: r.mastodon_report_id,
    statusIds: r.status_ids,
    category: r.category,
    instanceRuleIds: r.instance_rule_ids,
    comment: r.comment,
    forwarded: r.forwarded,
    domain: r.domain,
    state: r.state,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  };
}
