/** Analyses: what the rules engine said about an account in one run, with its evidence. */
import type { Sql } from "./connect.ts";
import type { EngineInput, Hit } from "../rules/types.ts";

/** A hit as stored: the rule's identity, its weight and the evidence. */
export type StoredHit = Hit;

/** What score() stores. */
export interface NewAnalysis {
  accountId: string;
  runId: string;
  statusId?: string | null;
  score: number;
  shadowScore: number;
  hits: StoredHit[];
  ruleVersions: Record<string, number>;
  statusIds: string[];
  dryRun?: boolean;
  at?: Date;
  /** The engine's input exactly as evaluated, kept for replays (what-if backtests). */
  input?: EngineInput;
}

/** A stored analysis. */
export interface AnalysisRow {
  id: string;
  accountId: string;
  runId: string;
  statusId: string | null;
  score: number;
  shadowScore: number;
  hits: StoredHit[];
  ruleVersions: Record<string, number>;
  statusIds: string[];
  dryRun: boolean;
  createdAt: Date;
}

/** Stores an analysis once per run; a second call returns the first one's id. */
export async function insertAnalysis(sql: Sql, a: NewAnalysis): Promise<string> {
  // One statement, so an analysis is never stored without the input it was made from.
  const input = a.input === undefined ? null : JSON.parse(JSON.stringify(a.input));
  const inserted = await sql<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO analyses (account_id, run_id, status_id, score, shadow_score, hits,
                            rule_versions, status_ids, dry_run, created_at)
      VALUES (${a.accountId}, ${a.runId}, ${a.statusId ?? null}, ${a.score}, ${a.shadowScore},
              ${sql.json(JSON.parse(JSON.stringify(a.hits)))}, ${sql.json(a.ruleVersions)},
              ${a.statusIds}, ${a.dryRun ?? false}, ${a.at ?? new Date()})
      ON CONFLICT (run_id) DO NOTHING RETURNING id
    ), kept AS (
      INSERT INTO analysis_inputs (analysis_id, input)
      SELECT id, ${input === null ? null : sql.json(input)}::jsonb FROM ins
       WHERE ${input !== null}
    )
    SELECT id FROM ins`;
  if (inserted[0]) return String(inserted[0].id);
  const existing = await sql<{ id: string }[]>`SELECT id FROM analyses WHERE run_id = ${a.runId}`;
  return String(existing[0].id);
}

/** A stored engine input with the analysis it belongs to. */
export interface StoredInput {
  analysisId: string;
  accountId: string;
  createdAt: Date;
  input: unknown;
}

/**
 * One page of the engine inputs stored for analyses made since `since`, in id order after
 * `afterId`: a replay streams them page by page instead of loading a period at once.
 */
export async function pageAnalysisInputs(
  sql: Sql,
  q: { since: Date; afterId: string; limit: number },
): Promise<StoredInput[]> {
  const rows = await sql<
    { id: string | bigint; account_id: string; created_at: Date; input: unknown }[]
  >`
    SELECT a.id, a.account_id, a.created_at, i.input
      FROM analyses a JOIN analysis_inputs i ON i.analysis_id = a.id
     WHERE a.created_at >= ${q.since} AND a.id > ${q.afterId}
     ORDER BY a.id LIMIT ${q.limit}`;
  return rows.map((r) => ({
    analysisId: String(r.id),
    accountId: r.account_id,
    createdAt: r.created_at,
    input: r.input,
  }));
}

/** How many analyses since `since` have a stored input (a replay's total). */
export async function countAnalysisInputs(sql: Sql, since: Date): Promise<number> {
  const [r] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM analyses a JOIN analysis_inputs i ON i.analysis_id = a.id
     WHERE a.created_at >= ${since}`;
  return r.n;
}

/** Marks the analysis of a run as evaluated in dry-run mode. */
export async function markAnalysisDryRun(sql: Sql, runId: string): Promise<void> {
  await sql`UPDATE analyses SET dry_run = true WHERE run_id = ${runId}`;
}

/** The analysis of one run, or undefined. */
export async function getAnalysisByRun(sql: Sql, runId: string): Promise<AnalysisRow | undefined> {
  const rows = await sql<DbRow[]>`SELECT * FROM analyses WHERE run_id = ${runId}`;
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** The analyses of an account, newest first (cursor = last id returned). */
export async function listAnalysesByAccount(
  sql: Sql,
  accountId: string,
  q: { limit?: number; cursor?: string } = {},
): Promise<{ items: AnalysisRow[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(q.limit ?? 20, 1), 200);
  const rows = await sql<DbRow[]>`
    SELECT * FROM analyses WHERE account_id = ${accountId}
      ${q.cursor ? sql`AND id < ${q.cursor}` : sql``}
    ORDER BY id DESC LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map(toRow);
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.id : undefined };
}

interface DbRow {
  id: string | bigint;
  account_id: string;
  run_id: string;
  status_id: string | null;
  score: number;
  shadow_score: number;
  hits: StoredHit[];
  rule_versions: Record<string, number>;
  status_ids: string[];
  dry_run: boolean;
  created_at: Date;
}

function toRow(r: DbRow): AnalysisRow {
  return {
    id: String(r.id),
    accountId: r.account_id,
    runId: r.run_id,
    statusId: r.status_id,
    score: r.score,
    shadowScore: r.shadow_score,
    hits: r.hits,
    ruleVersions: r.rule_versions,
    statusIds: r.status_ids,
    dryRun: r.dry_run,
    createdAt: r.created_at,
  };
}
