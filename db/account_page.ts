/** What an account's page reads besides the account: its runs, its statuses, the rules that hit. */
import { z } from "zod";
import { parseHtml } from "../rules/html.ts";
import { type AnalysisRow, listAnalysesByAccount } from "./analyses.ts";
import type { Sql } from "./connect.ts";
import { listReportsByAccount, type ReportRow } from "./reports.ts";

/** The ids of the runs an account's audit rows name, newest first. */
export async function recentRunIds(sql: Sql, accountId: string, limit = 20): Promise<string[]> {
  const rows = await sql<{ run_id: string }[]>`
    SELECT run_id FROM (
      SELECT run_id, max(at) AS at FROM audit_log
      WHERE account_id = ${accountId} AND run_id IS NOT NULL GROUP BY run_id
    ) r ORDER BY at DESC LIMIT ${limit}`;
  return rows.map((r) => r.run_id);
}

/**
 * The engine input of a run (the account's JSON and statuses as fetch_context gathered them),
 * unparsed: the page shows it, nothing scores it. Undefined once retention removed it.
 */
export async function runInput(sql: Sql, runId: string): Promise<unknown> {
  const rows = await sql<
    { input: unknown }[]
  >`SELECT input FROM run_contexts WHERE run_id = ${runId}`;
  return rows[0]?.input;
}

/** The latest stored engine input of an account, with its run id. */
export async function latestInput(
  sql: Sql,
  accountId: string,
): Promise<{ runId: string; input: unknown } | undefined> {
  const rows = await sql<{ run_id: string; input: unknown }[]>`
    SELECT run_id, input FROM run_contexts WHERE account_id = ${accountId}
    ORDER BY created_at DESC LIMIT 1`;
  return rows[0] ? { runId: rows[0].run_id, input: rows[0].input } : undefined;
}

/** The rule JSON of each (rule id, version) asked for, keyed "id@version". */
export async function ruleSnapshots(
  sql: Sql,
  wanted: { id: string; version: number }[],
): Promise<Map<string, Record<string, unknown>>> {
  const ok = wanted.filter((w) => /^\d{1,18}$/.test(w.id) && Number.isInteger(w.version));
  if (ok.length === 0) return new Map();
  const rows = await sql<{ rule_id: string; version: number; snapshot: Record<string, unknown> }[]>`
    SELECT rule_id::text, version, snapshot FROM rule_versions
    WHERE (rule_id, version) IN (SELECT * FROM unnest(${ok.map((w) => w.id)}::bigint[],
                                                       ${ok.map((w) => w.version)}::int[]))`;
  return new Map(rows.map((r) => [`${r.rule_id}@${r.version}`, r.snapshot]));
}

/** Accounts analysed most recently, for picking one to test a rule on. */
export async function recentlyAnalysed(
  sql: Sql,
  limit = 20,
): Promise<{ id: string; acct: string; lastScore: number | null }[]> {
  const rows = await sql<{ id: string; acct: string; last_score: number | null }[]>`
    SELECT a.id, a.acct, a.last_score FROM accounts a
    WHERE a.last_analysis_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM run_contexts rc WHERE rc.account_id = a.id)
    ORDER BY a.last_analysis_at DESC, a.id DESC LIMIT ${limit}`;
  return rows.map((r) => ({ id: r.id, acct: r.acct, lastScore: r.last_score }));
}

const mediaSchema = z.looseObject({
  type: z.string().nullish(),
  description: z.string().nullish(),
  url: z.string().nullish(),
  remote_url: z.string().nullish(),
});
const statusSchema = z.looseObject({
  id: z.string(),
  created_at: z.string().nullish(),
  visibility: z.string().nullish(),
  content: z.string().nullish(),
  spoiler_text: z.string().nullish(),
  url: z.string().nullish(),
  media_attachments: z.array(mediaSchema).nullish(),
});
const inputSchema = z.looseObject({
  status: statusSchema.nullish(),
  recentStatuses: z.array(statusSchema).nullish(),
});

/** A status as the account page shows it: plain text, media with their alt text. */
export interface ShownStatus {
  id: string;
  createdAt: string | null;
  visibility: string;
  text: string;
  spoiler: string;
  url: string | null;
  media: { type: string; description: string | null; url: string | null }[];
}

/** The statuses of a stored engine input (the triggering one first), as plain text. */
export function statusesOf(input: unknown): ShownStatus[] {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return [];
  const all = [parsed.data.status, ...(parsed.data.recentStatuses ?? [])].filter((s) => !!s);
  const seen = new Set<string>();
  return all.filter((s) => !seen.has(s.id) && seen.add(s.id)).map((s) => ({
    id: s.id,
    createdAt: s.created_at ?? null,
    visibility: s.visibility ?? "",
    text: parseHtml(s.content ?? "").text.trim(),
    spoiler: s.spoiler_text ?? "",
    url: s.url ?? null,
    media: (s.media_attachments ?? []).map((m) => ({
      type: m.type ?? "unknown",
      description: m.description?.trim() ? m.description : null,
      url: m.url ?? m.remote_url ?? null,
    })),
  }));
}

/** Everything of an account's page that Postgres holds. */
export interface AccountDetail {
  analyses: AnalysisRow[];
  reports: ReportRow[];
  statuses: ShownStatus[];
  /** The rule versions that hit in the latest analysis, keyed "id@version". */
  rules: Record<string, Record<string, unknown>>;
}

/** Reads an account's analyses, reports, the statuses its latest run read, and the rules hit. */
export async function accountDetail(sql: Sql, accountId: string): Promise<AccountDetail> {
  const [analyses, reports] = await Promise.all([
    listAnalysesByAccount(sql, accountId, { limit: 20 }),
    listReportsByAccount(sql, accountId, { limit: 20 }),
  ]);
  const latest = analyses.items[0];
  const wanted = (latest?.hits ?? []).flatMap((h) =>
    h.rule.id && h.rule.version !== undefined ? [{ id: h.rule.id, version: h.rule.version }] : []
  );
  const [input, rules] = await Promise.all([
    latest
      ? runInput(sql, latest.runId).then(async (i) =>
        i ?? (await latestInput(sql, accountId))?.input
      )
      : latestInput(sql, accountId).then((l) => l?.input),
    ruleSnapshots(sql, wanted),
  ]);
  return {
    analyses: analyses.items,
    reports: reports.items,
    statuses: statusesOf(input),
    rules: Object.fromEntries(rules),
  };
}
