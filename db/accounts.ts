/** Accounts seen on the Mastodon server: upserted by the workflow, read by the API. */
import type { Sql } from "./connect.ts";
import type { AdminAccount } from "../mastodon/schemas.ts";

/** A stored account. */
export interface AccountRow {
  id: string;
  acct: string;
  username: string;
  domain: string | null;
  displayName: string;
  data: Record<string, unknown>;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastScore: number | null;
  lastAnalysisAt: Date | null;
}

/** Inserts or refreshes an account from its Admin::Account. */
export async function upsertAccount(sql: Sql, a: AdminAccount, at = new Date()): Promise<void> {
  const data = JSON.parse(JSON.stringify(a));
  await sql`
    INSERT INTO accounts (id, acct, username, domain, display_name, data, first_seen_at, last_seen_at)
    VALUES (${a.id}, ${a.account.acct}, ${a.username}, ${a.domain ?? null},
            ${a.account.display_name}, ${sql.json(data)}, ${at}, ${at})
    ON CONFLICT (id) DO UPDATE SET
      acct = EXCLUDED.acct, username = EXCLUDED.username, domain = EXCLUDED.domain,
      display_name = EXCLUDED.display_name, data = EXCLUDED.data,
      last_seen_at = GREATEST(accounts.last_seen_at, EXCLUDED.last_seen_at)`;
}

/** Records the latest score of an account. */
export async function recordScore(sql: Sql, id: string, score: number, at: Date): Promise<void> {
  await sql`UPDATE accounts SET last_score = ${score}, last_analysis_at = ${at} WHERE id = ${id}`;
}

/** One account, or undefined. */
export async function getAccount(sql: Sql, id: string): Promise<AccountRow | undefined> {
  const rows = await sql<DbRow[]>`SELECT * FROM accounts WHERE id = ${id}`;
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** Accounts, most recently seen first, one keyset page at a time (cursor = last id returned). */
export async function listAccounts(
  sql: Sql,
  q: { limit?: number; cursor?: string; domain?: string; minScore?: number } = {},
): Promise<{ items: AccountRow[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const after = q.cursor
    ? (await sql<
      { last_seen_at: Date }[]
    >`SELECT last_seen_at FROM accounts WHERE id = ${q.cursor}`)[0]
    : undefined;
  const rows = await sql<DbRow[]>`
    SELECT * FROM accounts WHERE true
      ${q.domain ? sql`AND domain = ${q.domain}` : sql``}
      ${q.minScore !== undefined ? sql`AND last_score >= ${q.minScore}` : sql``}
      ${after ? sql`AND (last_seen_at, id) < (${after.last_seen_at}, ${q.cursor!})` : sql``}
    ORDER BY last_seen_at DESC, id DESC LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map(toRow);
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.id : undefined };
}

/** An accounts row as the database answers it. */
export interface DbRow {
  id: string;
  acct: string;
  username: string;
  domain: string | null;
  display_name: string;
  data: Record<string, unknown>;
  first_seen_at: Date;
  last_seen_at: Date;
  last_score: number | null;
  last_analysis_at: Date | null;
}

/** The stored account of a row. */
export function toRow(r: DbRow): AccountRow {
  return {
    id: r.id,
    acct: r.acct,
    username: r.username,
    domain: r.domain,
    displayName: r.display_name,
    data: r.data,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    lastScore: r.last_score,
    lastAnalysisAt: r.last_analysis_at,
  };
}
