/**
 * Data retention: analyses, audit rows, finished backtests and spam waves older than the
 * retention period are deleted; what a report points at stays.
 */
import type { Sql } from "./connect.ts";

/** Deletes rows older than `days` before `now`; reports and their outcomes are kept. */
export async function applyRetention(
  sql: Sql,
  days: number,
  now: Date,
): Promise<{ analyses: number; audit: number; backtests: number; waves: number }> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  // Analyses a report points at stay, so a report's evidence is never lost.
  const analyses = await sql`
    DELETE FROM analyses a WHERE a.created_at < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.analysis_id = a.id)`;
  const audit = await sql`DELETE FROM audit_log WHERE at < ${cutoff}`;
  const backtests = await sql`
    DELETE FROM backtests WHERE state <> 'running' AND created_at < ${cutoff}`;
  // A report's comment links to its account's wave: a wave with a reported member stays.
  const waves = await sql`
    DELETE FROM waves w WHERE w.last_seen < ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM wave_members m JOIN reports r ON r.account_id = m.account_id
        WHERE m.wave_id = w.id)`;
  return {
    analyses: analyses.count,
    audit: audit.count,
    backtests: backtests.count,
    waves: waves.count,
  };
}
