/** Data retention: analyses and audit rows older than the retention period are deleted. */
import type { Sql } from "./connect.ts";

/** Deletes rows older than `days` before `now`; reports and their outcomes are kept. */
export async function applyRetention(
  sql: Sql,
  days: number,
  now: Date,
): Promise<{ analyses: number; audit: number }> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  // Analyses a report points at stay, so a report's evidence is never lost.
  const analyses = await sql`
    DELETE FROM analyses a WHERE a.created_at < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.analysis_id = a.id)`;
  const audit = await sql`DELETE FROM audit_log WHERE at < ${cutoff}`;
  return { analyses: analyses.count, audit: audit.count };
}
