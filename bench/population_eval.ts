/**
 * Replays the development server's population through a rule set, as the workflow would see
 * each account after its last status: recent statuses, and campaign counters over the last
 * hour built with the same campaignKeys the workflow uses. Used to tune and test the starter pack.
 */
import type { Population } from "../devserver/population/generate.ts";
import type { CompiledRuleSet } from "../rules/compile.ts";
import { evaluateParsed } from "../rules/engine.ts";
import { campaignKeys } from "../rules/fingerprint.ts";
import {
  AdminAccountSchema,
  type Counters,
  type Status,
  StatusSchema,
  type Verdict,
} from "../rules/types.ts";

/** The counters' window, as the workflow keeps them. */
export const CAMPAIGN_WINDOW_MS = 60 * 60_000;
/** A verdict is a report when the score reaches this and a report-mode rule hit. */
export const THRESHOLD = 1.0;

/** One account's verdict in the replay. */
export interface Replayed {
  username: string;
  label: string;
  verdict: Verdict;
  flagged: boolean;
}

interface Posted {
  at: number;
  account: string;
  keys: ReturnType<typeof campaignKeys>;
}

function counters(posted: Posted[], now: number): Counters {
  const texts = new Map<string, Set<string>>();
  const links = new Map<string, Set<string>>();
  const blurhashes = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, who: string) => {
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(who);
  };
  for (const p of posted) {
    if (p.at > now || p.at <= now - CAMPAIGN_WINDOW_MS) continue;
    if (p.keys.text) add(texts, p.keys.text, p.account);
    for (const l of p.keys.links) add(links, l, p.account);
    for (const b of p.keys.blurhashes) add(blurhashes, b, p.account);
  }
  const count = (m: Map<string, Set<string>>) =>
    Object.fromEntries([...m].map(([k, v]) => [k, v.size]));
  return { texts: count(texts), links: count(links), blurhashes: count(blurhashes) };
}

/** True when a verdict would be filed as a report. */
export function flagged(v: Verdict): boolean {
  return v.score >= THRESHOLD && v.hits.some((h) => h.rule.mode === "report");
}

/** Evaluates every account of a population after its last status. */
export function replayPopulation(set: CompiledRuleSet, population: Population): Replayed[] {
  const accounts = population.accounts.map((a) => {
    const admin = AdminAccountSchema.parse(a.admin);
    const statuses: Status[] = a.statuses.map((s) => StatusSchema.parse(s));
    return { a, admin, statuses };
  });
  const posted: Posted[] = accounts.flatMap(({ admin, statuses }) =>
    statuses.map((s) => ({
      at: Date.parse(s.created_at),
      account: admin.id,
      keys: campaignKeys(s),
    }))
  );
  return accounts.map(({ a, admin, statuses }) => {
    const last = statuses.at(-1);
    const now = Math.max(
      population.baseTime + a.arrivesAtMs,
      last ? Date.parse(last.created_at) : 0,
    );
    const recent = statuses.slice(-40).reverse();
    const verdict = evaluateParsed(set, {
      account: admin.account!,
      adminAccount: admin,
      status: recent[0] ?? null,
      recentStatuses: recent.slice(1),
      counters: counters(posted, now),
      now,
    });
    return {
      username: admin.account!.username,
      label: a.label,
      verdict,
      flagged: flagged(verdict),
    };
  });
}

/** Flag rates per label. */
export function summarize(results: Replayed[]): Record<string, { total: number; flagged: number }> {
  const out: Record<string, { total: number; flagged: number }> = {};
  for (const r of results) {
    out[r.label] ??= { total: 0, flagged: 0 };
    out[r.label].total++;
    if (r.flagged) out[r.label].flagged++;
  }
  return out;
}
