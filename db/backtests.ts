/**
 * Backtests: a candidate rule replayed over stored engine inputs, one row per run with its
 * progress and result. At most one runs per actor (a unique index); a run whose process died
 * stops counting as running once its heartbeat is stale.
 */
import type { Sql } from "./connect.ts";

/** A backtest that has not reported progress for this long is taken as interrupted. */
export const STALE_MS = 2 * 60_000;

/** A backtest row. */
export interface BacktestRow {
  id: string;
  actor: string;
  state: "running" | "done" | "failed";
  days: number;
  spec: Record<string, unknown>;
  total: number;
  processed: number;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Either the new backtest's id or the id of the actor's running one. */
export type Created = { id: string } | { runningId: string };

/** Starts a backtest row for `actor`, unless one of theirs is still running. */
export async function createBacktest(
  sql: Sql,
  b: { actor: string; days: number; spec: Record<string, unknown>; now: Date },
): Promise<Created> {
  return await sql.begin(async (tx) => {
    await tx`
      UPDATE backtests SET state = 'failed', error = 'interrupted: the service stopped',
             finished_at = ${b.now}
       WHERE actor = ${b.actor} AND state = 'running'
         AND updated_at < ${new Date(b.now.getTime() - STALE_MS)}`;
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO backtests (actor, days, spec, created_at, updated_at)
      VALUES (${b.actor}, ${b.days}, ${tx.json(JSON.parse(JSON.stringify(b.spec)))}, ${b.now},
              ${b.now})
      ON CONFLICT (actor) WHERE state = 'running' DO NOTHING RETURNING id::text`;
    if (row) return { id: row.id };
    const [running] = await tx<{ id: string }[]>`
      SELECT id::text FROM backtests WHERE actor = ${b.actor} AND state = 'running'`;
    return { runningId: running.id };
  });
}

/** One backtest, or undefined; a stale running one reads as failed. */
export async function getBacktest(
  sql: Sql,
  id: string,
  now: Date,
): Promise<BacktestRow | undefined> {
  const [r] = await sql<DbRow[]>`SELECT * FROM backtests WHERE id = ${id}`;
  if (!r) return undefined;
  const row = toRow(r);
  if (row.state === "running" && now.getTime() - row.updatedAt.getTime() > STALE_MS) {
    return { ...row, state: "failed", error: "interrupted: the service stopped" };
  }
  return row;
}

/** Records progress (and the heartbeat). */
export async function recordProgress(
  sql: Sql,
  id: string,
  p: { processed: number; total: number; now: Date },
): Promise<void> {
  await sql`
    UPDATE backtests SET processed = ${p.processed}, total = ${p.total}, updated_at = ${p.now}
     WHERE id = ${id} AND state = 'running'`;
}

/** Ends a backtest as done with its result, or failed with a reason. */
export async function finishBacktest(
  sql: Sql,
  id: string,
  end: { result: Record<string, unknown>; now: Date } | { error: string; now: Date },
): Promise<void> {
  if ("error" in end) {
    await sql`
      UPDATE backtests SET state = 'failed', error = ${end.error}, updated_at = ${end.now},
             finished_at = ${end.now}
       WHERE id = ${id} AND state = 'running'`;
    return;
  }
  await sql`
    UPDATE backtests SET state = 'done', result = ${
    sql.json(JSON.parse(JSON.stringify(end.result)))
  },
           processed = total, updated_at = ${end.now}, finished_at = ${end.now}
     WHERE id = ${id} AND state = 'running'`;
}

/** The acct of each account known to MastoWatch. */
export async function acctsOf(sql: Sql, accountIds: string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await sql<{ id: string; acct: string }[]>`
    SELECT id, acct FROM accounts WHERE id = ANY(${accountIds}::text[])`;
  return new Map(rows.map((r) => [r.id, r.acct]));
}

/** What moderators decided about each account's latest report from MastoWatch, where known. */
export async function outcomesOf(
  sql: Sql,
  accountIds: string[],
): Promise<Record<string, "open" | "actioned" | "dismissed">> {
  if (accountIds.length === 0) return {};
  const rows = await sql<
    { account_id: string; state: string; action_taken: boolean | null; resolved: boolean | null }[]
  >`
    SELECT DISTINCT ON (r.account_id) r.account_id, r.state, o.action_taken, o.resolved
      FROM reports r LEFT JOIN report_outcomes o ON o.report_id = r.id
     WHERE r.account_id = ANY(${accountIds}::text[])
     ORDER BY r.account_id, r.created_at DESC`;
  const out: Record<string, "open" | "actioned" | "dismissed"> = {};
  for (const r of rows) {
    out[r.account_id] = r.action_taken === true
      ? "actioned"
      : r.state === "resolved" || r.resolved === true
      ? "dismissed"
      : "open";
  }
  return out;
}

interface DbRow {
  id: string | bigint;
  actor: string;
  state: BacktestRow["state"];
  days: number;
  spec: Record<string, unknown>;
  total: number;
  processed: number;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

function toRow(r: DbRow): BacktestRow {
  return {
    id: String(r.id),
    actor: r.actor,
    state: r.state,
    days: r.days,
    spec: r.spec,
    total: r.total,
    processed: r.processed,
    result: r.result,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}
