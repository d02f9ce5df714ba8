/**
 * The accounts list of the UI and API: filters (score, reported, domain, local or remote, seen
 * since) and three sort orders, each with a stable keyset page (cursor = last id listed).
 */
import { type AccountRow, type DbRow, toRow } from "./accounts.ts";
import type { Sql } from "./connect.ts";

/** The sort orders and what each means, as the page says it. */
export const ACCOUNT_SORTS = {
  score: "highest score first (unscored last)",
  last_seen: "most recently seen first",
  first_seen: "most recently first seen first",
} as const;
/** A sort order. */
export type AccountSort = keyof typeof ACCOUNT_SORTS;

/** Filters of the list. */
export interface AccountFilter {
  minScore?: number;
  maxScore?: number;
  /** true: only accounts we reported; false: only those we did not. */
  reported?: boolean;
  domain?: string;
  origin?: "local" | "remote";
  /** Seen (last) at or after. */
  since?: Date;
  sort?: AccountSort;
  limit?: number;
  cursor?: string;
}

/** One account of the list, with the reports filed against it. */
export interface AccountListItem extends AccountRow {
  reports: number;
}

interface Row extends DbRow {
  reports: number;
}

/** One page of accounts in the asked order, and the cursor of the next page. */
export async function listAccountsFiltered(
  sql: Sql,
  f: AccountFilter = {},
): Promise<{ items: AccountListItem[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  const sort = f.sort ?? "score";
  const order = {
    score: sql`a.last_score DESC NULLS LAST, a.id DESC`,
    last_seen: sql`a.last_seen_at DESC, a.id DESC`,
    first_seen: sql`a.first_seen_at DESC, a.id DESC`,
  }[sort];
  // After the cursor's row in the same order; the row is read back so no value is rounded.
  const after = {
    score: sql`(c.last_score IS NOT NULL AND (a.last_score < c.last_score
        OR (a.last_score = c.last_score AND a.id < c.id) OR a.last_score IS NULL))
      OR (c.last_score IS NULL AND a.last_score IS NULL AND a.id < c.id)`,
    last_seen: sql`(a.last_seen_at, a.id) < (c.last_seen_at, c.id)`,
    first_seen: sql`(a.first_seen_at, a.id) < (c.first_seen_at, c.id)`,
  }[sort];
  const rows = await sql<Row[]>`
    SELECT a.*, (SELECT count(*)::int FROM reports r WHERE r.account_id = a.id) AS reports
    FROM accounts a WHERE true
      ${f.minScore !== undefined ? sql`AND a.last_score >= ${f.minScore}` : sql``}
      ${f.maxScore !== undefined ? sql`AND a.last_score <= ${f.maxScore}` : sql``}
      ${f.domain ? sql`AND a.domain = ${f.domain.toLowerCase()}` : sql``}
      ${f.origin === "local" ? sql`AND a.domain IS NULL` : sql``}
      ${f.origin === "remote" ? sql`AND a.domain IS NOT NULL` : sql``}
      ${f.since ? sql`AND a.last_seen_at >= ${f.since}` : sql``}
      ${
    f.reported === undefined ? sql`` : sql`AND ${f.reported ? sql`` : sql`NOT`} EXISTS (
        SELECT 1 FROM reports r WHERE r.account_id = a.id)`
  }
      ${
    f.cursor
      ? sql`AND EXISTS (SELECT 1 FROM accounts c WHERE c.id = ${f.cursor} AND (${after}))`
      : sql``
  }
    ORDER BY ${order} LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map(toItem);
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.id : undefined };
}

function toItem(r: Row): AccountListItem {
  return { ...toRow(r), reports: r.reports };
}
