/** The input fetch_context gathered for a run, kept in Postgres for score and for replays. */
import type { Sql } from "../db/connect.ts";
import { type EngineInput, EngineInputSchema } from "../rules/types.ts";

/** Stores (or replaces) a run's engine input. */
export async function saveContext(sql: Sql, runId: string, accountId: string, input: EngineInput) {
  const json = JSON.parse(JSON.stringify(input));
  await sql`
    INSERT INTO run_contexts (run_id, account_id, input) VALUES (${runId}, ${accountId}, ${
    sql.json(json)
  })
    ON CONFLICT (run_id) DO UPDATE SET input = EXCLUDED.input`;
}

/** A run's engine input, validated; undefined when fetch_context has not stored one. */
export async function loadContext(sql: Sql, runId: string): Promise<EngineInput | undefined> {
  const rows = await sql<{ input: unknown }[]>`
    SELECT input FROM run_contexts WHERE run_id = ${runId}`;
  if (!rows[0]) return undefined;
  return EngineInputSchema.parse(rows[0].input);
}

/** Deletes stored inputs older than `before` (data retention); returns how many. */
export async function pruneContexts(sql: Sql, before: Date): Promise<number> {
  const rows = await sql`DELETE FROM run_contexts WHERE created_at < ${before} RETURNING run_id`;
  return rows.length;
}
