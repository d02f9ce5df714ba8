/** Spam waves as GET /waves and the waves pages show them: accounts, what they share, reports. */
import type { Sql } from "./connect.ts";

/** A member account of a wave. */
export interface WaveAccount {
  id: string;
  acct: string;
  domain: string | null;
  last_score: number | null;
}

/** One shared feature, with how many of the wave's accounts showed it. */
export interface SharedFeature {
  sample: string;
  accounts: number;
}

/** A wave as the API answers it. */
export interface WaveView {
  id: string;
  first_seen: string;
  last_seen: string;
  notified_at: string | null;
  size: number;
  accounts: WaveAccount[];
  shared: {
    texts: SharedFeature[];
    links: SharedFeature[];
    blurhashes: SharedFeature[];
    /** Sign-up addresses shared by new local accounts: a count, never the addresses. */
    signup_addresses: number;
  };
  domains: { domain: string | null; accounts: number }[];
  /** Reports MastoWatch filed on the wave's accounts, and how many accounts they cover. */
  reports: { filed: number; accounts: number; open: number; actioned: number; dismissed: number };
}

const ACCOUNTS_SHOWN = 500;
const SHARED_SHOWN = 10;

interface WaveRow {
  id: string;
  first_seen: Date;
  last_seen: Date;
  notified_at: Date | null;
}

/** The waves seen most recently (two or more accounts), newest first; cursor = last id. */
export async function listWaves(
  sql: Sql,
  q: { limit?: number; cursor?: string } = {},
): Promise<{ items: WaveView[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(q.limit ?? 20, 1), 100);
  const rows = await sql<WaveRow[]>`
    SELECT id::text, first_seen, last_seen, notified_at FROM waves
     ${q.cursor ? sql`WHERE id < ${q.cursor}` : sql``}
     ORDER BY id DESC LIMIT ${limit + 1}`;
  const items = await Promise.all(rows.slice(0, limit).map((r) => viewOf(sql, r)));
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.id : undefined };
}

/** One wave, or undefined. */
export async function getWave(sql: Sql, id: string): Promise<WaveView | undefined> {
  const [r] = await sql<WaveRow[]>`
    SELECT id::text, first_seen, last_seen, notified_at FROM waves WHERE id = ${id}`;
  return r ? await viewOf(sql, r) : undefined;
}

async function viewOf(sql: Sql, w: WaveRow): Promise<WaveView> {
  const [accounts, size, shared, domains, reports] = await Promise.all([
    sql<WaveAccount[]>`
      SELECT a.id, a.acct, a.domain, a.last_score FROM wave_members m
        JOIN accounts a ON a.id = m.account_id
       WHERE m.wave_id = ${w.id} ORDER BY m.joined_at, a.id LIMIT ${ACCOUNTS_SHOWN}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM wave_members WHERE wave_id = ${w.id}`,
    sql<{ kind: string; sample: string; accounts: number }[]>`
      SELECT kind, sample, accounts FROM (
        SELECT f.kind, min(f.sample) AS sample, count(DISTINCT f.account_id)::int AS accounts,
               row_number() OVER (PARTITION BY f.kind
                                  ORDER BY count(DISTINCT f.account_id) DESC, min(f.sample)) AS n
          FROM wave_features f JOIN wave_members m ON m.account_id = f.account_id
         WHERE m.wave_id = ${w.id}
         GROUP BY f.kind, f.digest HAVING count(DISTINCT f.account_id) >= 2
      ) s WHERE n <= ${SHARED_SHOWN} OR kind = 'signups'`,
    sql<{ domain: string | null; accounts: number }[]>`
      SELECT a.domain, count(*)::int AS accounts FROM wave_members m
        JOIN accounts a ON a.id = m.account_id
       WHERE m.wave_id = ${w.id} GROUP BY a.domain ORDER BY accounts DESC, a.domain NULLS FIRST`,
    sql<WaveView["reports"][]>`
      SELECT count(*)::int AS filed, count(DISTINCT r.account_id)::int AS accounts,
             count(*) FILTER (WHERE r.state = 'open')::int AS open,
             count(*) FILTER (WHERE o.action_taken)::int AS actioned,
             count(*) FILTER (WHERE o.resolved AND NOT o.action_taken)::int AS dismissed
        FROM reports r JOIN wave_members m ON m.account_id = r.account_id
        LEFT JOIN report_outcomes o ON o.report_id = r.id
       WHERE m.wave_id = ${w.id}`,
  ]);
  const pick = (kind: string) =>
    shared.filter((s) => s.kind === kind).map((s) => ({ sample: s.sample, accounts: s.accounts }));
  return {
    id: w.id,
    first_seen: w.first_seen.toISOString(),
    last_seen: w.last_seen.toISOString(),
    notified_at: w.notified_at?.toISOString() ?? null,
    size: size[0].n,
    accounts: accounts.map((a) => ({ ...a })),
    shared: {
      texts: pick("texts"),
      links: pick("links"),
      blurhashes: pick("blurhashes"),
      signup_addresses: shared.filter((s) => s.kind === "signups").length,
    },
    domains: domains.map((d) => ({ ...d })),
    reports: { ...reports[0] },
  };
}
