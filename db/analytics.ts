/** The figures of the overview and its timeline, read from accounts, analyses and reports. */
import type { Sql } from "./connect.ts";

/** Counts of accounts and reports. */
export interface Totals {
  accounts_seen: number;
  accounts_analysed: number;
  analyses: number;
  reports: { filed: number; open: number; actioned: number; dismissed: number };
  reports_today: number;
}

/** A rule by how often it hit. */
export interface RuleHits {
  rule_id: string | null;
  name: string;
  hits: number;
  accounts: number;
}

/** A remote domain by reports filed and accounts seen. */
export interface DomainCount {
  domain: string;
  accounts: number;
  reports: number;
}

/** One UTC day of the timeline. */
export interface TimelinePoint {
  day: string;
  analyses: number;
  reports: number;
  actioned: number;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `days - 1` days before `now`: where an N-day window starts. */
export function windowStart(now: Date, days: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - (days - 1) * DAY_MS);
}

/**
 * Accounts and reports. A report is actioned when moderators acted on it, dismissed when it was
 * resolved without action, open otherwise; the three add up to the reports filed.
 */
export async function totals(sql: Sql, now: Date): Promise<Totals> {
  const [t] = await sql<
    (Omit<Totals, "reports"> & {
      filed: number;
      open: number;
      actioned: number;
      dismissed: number;
    })[]
  >`SELECT
      (SELECT count(*)::int FROM accounts) AS accounts_seen,
      (SELECT count(*)::int FROM accounts WHERE last_analysis_at IS NOT NULL) AS accounts_analysed,
      (SELECT count(*)::int FROM analyses) AS analyses,
      (SELECT count(*)::int FROM reports WHERE created_at >= ${
    windowStart(now, 1)
  }) AS reports_today,
      count(r.id)::int AS filed,
      (count(r.id) FILTER (WHERE coalesce(o.action_taken, false)))::int AS actioned,
      (count(r.id) FILTER (WHERE r.state = 'resolved' AND NOT coalesce(o.action_taken, false)))::int
        AS dismissed,
      (count(r.id) FILTER (WHERE r.state = 'open' AND NOT coalesce(o.action_taken, false)))::int
        AS open
    FROM reports r LEFT JOIN report_outcomes o ON o.report_id = r.id`;
  return {
    accounts_seen: t.accounts_seen,
    accounts_analysed: t.accounts_analysed,
    analyses: t.analyses,
    reports_today: t.reports_today,
    reports: { filed: t.filed, open: t.open, actioned: t.actioned, dismissed: t.dismissed },
  };
}

/** Rules by hits in the analyses of the last `days` days (renamed rules counted as one). */
export async function topRules(sql: Sql, now: Date, days: number, limit = 10) {
  return await ruleHits(sql, windowStart(now, days), limit);
}

/** Hits per rule since `since`, most first; all rules when `limit` is undefined. */
export async function ruleHits(sql: Sql, since: Date, limit?: number): Promise<RuleHits[]> {
  const rows = await sql<RuleHits[]>`
    SELECT h->'rule'->>'id' AS rule_id,
           (array_agg(h->'rule'->>'name' ORDER BY a.created_at DESC))[1] AS name,
           count(*)::int AS hits, count(DISTINCT a.account_id)::int AS accounts
    FROM analyses a CROSS JOIN LATERAL jsonb_array_elements(a.hits) h
    WHERE a.created_at >= ${since}
    GROUP BY h->'rule'->>'id', CASE WHEN h->'rule'->>'id' IS NULL THEN h->'rule'->>'name' END
    ORDER BY hits DESC, name
    ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}`;
  return rows.map((r) => ({ ...r }));
}

/** Remote domains by reports filed, then accounts seen. */
export async function topDomains(sql: Sql, limit = 10): Promise<DomainCount[]> {
  const rows = await sql<DomainCount[]>`
    WITH a AS (SELECT domain, count(*)::int AS n FROM accounts WHERE domain IS NOT NULL
               GROUP BY domain),
         r AS (SELECT domain, count(*)::int AS n FROM reports WHERE domain IS NOT NULL
               GROUP BY domain)
    SELECT a.domain, a.n AS accounts, coalesce(r.n, 0)::int AS reports
    FROM a LEFT JOIN r USING (domain)
    ORDER BY reports DESC, accounts DESC, domain LIMIT ${limit}`;
  return rows.map((r) => ({ ...r }));
}

/**
 * Analyses, reports filed and reports actioned per UTC day over the last `days` days, today
 * included; days without any are zeros. Actioned reports count on the day the outcome was seen.
 */
export async function timeline(sql: Sql, now: Date, days: number): Promise<TimelinePoint[]> {
  const since = windowStart(now, days);
  const rows = await sql<{ series: keyof Omit<TimelinePoint, "day">; day: string; n: number }[]>`
    SELECT 'analyses' AS series, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           count(*)::int AS n
      FROM analyses WHERE created_at >= ${since} GROUP BY 2
    UNION ALL
    SELECT 'reports', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)::int
      FROM reports WHERE created_at >= ${since} GROUP BY 2
    UNION ALL
    SELECT 'actioned', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)::int
      FROM report_outcomes WHERE action_taken AND observed_at >= ${since} GROUP BY 2`;
  const points: TimelinePoint[] = [];
  const byDay = new Map<string, TimelinePoint>();
  for (let i = 0; i < days; i++) {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const p = { day, analyses: 0, reports: 0, actioned: 0 };
    points.push(p);
    byDay.set(day, p);
  }
  for (const r of rows) {
    const p = byDay.get(r.day);
    if (p) p[r.series] = r.n;
  }
  return points;
}

/** One rule's hits over the last day, week and 30 days (by analyses' time). */
export async function ruleHitCounts(
  sql: Sql,
  ruleId: string,
  now: Date,
): Promise<{ day: number; week: number; month: number }> {
  const day = new Date(now.getTime() - DAY_MS);
  const week = new Date(now.getTime() - 7 * DAY_MS);
  const month = new Date(now.getTime() - 30 * DAY_MS);
  const [r] = await sql<{ day: number; week: number; month: number }[]>`
    SELECT (count(*) FILTER (WHERE a.created_at >= ${day}))::int AS day,
           (count(*) FILTER (WHERE a.created_at >= ${week}))::int AS week,
           count(*)::int AS month
    FROM analyses a CROSS JOIN LATERAL jsonb_array_elements(a.hits) h
    WHERE a.created_at >= ${month} AND h->'rule'->>'id' = ${ruleId}`;
  return { day: r.day, week: r.week, month: r.month };
}
