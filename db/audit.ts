/** The audit log: one row per decision, idempotent per (run, action), read with keyset pages. */
import type postgres from "postgres";
import type { Sql } from "./connect.ts";

/** What an audit row records. `details` must never carry a token. */
export interface AuditEntry {
  action: string;
  actor?: string;
  accountId?: string | null;
  runId?: string | null;
  ruleNames?: string[];
  details?: Record<string, unknown>;
  at?: Date;
}

/** A stored audit row. */
export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actor: string;
  accountId: string | null;
  runId: string | null;
  ruleNames: string[];
  details: Record<string, unknown>;
}

/** Filters of the audit log; `cursor` is the `nextCursor` of the previous page. */
export interface AuditQuery {
  accountId?: string;
  rule?: string;
  action?: string;
  since?: Date;
  until?: Date;
  limit?: number;
  cursor?: string;
}

/** Writes an audit row; returns false when the run already has a row for this action. */
export async function insertAudit(sql: Sql, e: AuditEntry): Promise<boolean> {
  const rows = await sql`
    INSERT INTO audit_log (at, action, actor, account_id, run_id, rule_names, details)
    VALUES (${e.at ?? new Date()}, ${e.action}, ${e.actor ?? "system"}, ${e.accountId ?? null},
            ${e.runId ?? null}, ${e.ruleNames ?? []}, ${sql.json(jsonSafe(e.details ?? {}))})
    ON CONFLICT (run_id, action) WHERE run_id IS NOT NULL DO NOTHING
    RETURNING id`;
  return rows.length === 1;
}

/** Reads one page of the audit log, newest first, and the cursor of the next page. */
export async function listAudit(
  sql: Sql,
  q: AuditQuery = {},
): Promise<{ items: AuditRow[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await sql<DbRow[]>`
    SELECT id, at, action, actor, account_id, run_id, rule_names, details FROM audit_log
    WHERE true
      ${q.accountId ? sql`AND account_id = ${q.accountId}` : sql``}
      ${q.rule ? sql`AND rule_names @> ${[q.rule]}` : sql``}
      ${q.action ? sql`AND action = ${q.action}` : sql``}
      ${q.since ? sql`AND at >= ${q.since}` : sql``}
      ${q.until ? sql`AND at < ${q.until}` : sql``}
      ${after ? sql`AND (at, id) < (${after.at}, ${after.id})` : sql``}
    ORDER BY at DESC, id DESC
    LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map(toRow);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : undefined,
  };
}

/** The audit rows of one workflow run, oldest first. */
export async function auditForRun(sql: Sql, runId: string): Promise<AuditRow[]> {
  const rows = await sql<DbRow[]>`
    SELECT id, at, action, actor, account_id, run_id, rule_names, details FROM audit_log
    WHERE run_id = ${runId} ORDER BY at, id`;
  return rows.map(toRow);
}

interface DbRow {
  id: string | bigint;
  at: Date;
  action: string;
  actor: string;
  account_id: string | null;
  run_id: string | null;
  rule_names: string[];
  details: Record<string, unknown>;
}

function toRow(r: DbRow): AuditRow {
  return {
    id: String(r.id),
    at: r.at,
    action: r.action,
    actor: r.actor,
    accountId: r.account_id,
    runId: r.run_id,
    ruleNames: r.rule_names,
    details: r.details,
  };
}

function encodeCursor(at: Date, id: string): string {
  return btoa(`${at.toISOString()}|${id}`);
}

/** Parses a cursor; a forged or damaged one is an input error, not a server error. */
export function decodeCursor(cursor: string): { at: Date; id: string } {
  let raw: string;
  try {
    raw = atob(cursor);
  } catch {
    throw new RangeError("audit cursor is not valid base64");
  }
  const [iso, id] = raw.split("|");
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime()) || !/^\d+$/.test(id ?? "")) {
    throw new RangeError("audit cursor is malformed");
  }
  return { at, id: id! };
}

// JSON columns reject undefined values deep inside and Dates need a stable form.
function jsonSafe(v: Record<string, unknown>): postgres.JSONValue {
  return JSON.parse(JSON.stringify(v));
}
