/**
 * Evaluates the corpus through the real engine: each half is one batch whose campaign counters
 * are computed across all cases of the corpus (the server sees every account, whichever half a
 * case is scored in), as the workflow would see each account at its evaluation time.
 */
import { batchCounters } from "../rules/batch.ts";
import type { CompiledRuleSet } from "../rules/compile.ts";
import { evaluateParsed } from "../rules/engine.ts";
import { AdminAccountSchema, StatusSchema, type Verdict } from "../rules/types.ts";
import type { Case, Half } from "./corpus.ts";

/** The report threshold the workflow uses by default (REPORT_THRESHOLD). */
export const THRESHOLD = 1;

/** One case's verdict. */
export interface Scored {
  case: Case;
  verdict: Verdict;
  flagged: boolean;
}

/** Reads the stored cases of both halves. */
export async function loadCases(dir = new URL("./cases/", import.meta.url)): Promise<Case[]> {
  const out: Case[] = [];
  for (const half of ["tune", "test"] as const) {
    const names = [...Deno.readDirSync(new URL(`${half}/`, dir))].map((e) => e.name).sort();
    for (const name of names) {
      if (!name.endsWith(".json")) continue;
      out.push(...JSON.parse(await Deno.readTextFile(new URL(`${half}/${name}`, dir))));
    }
  }
  return out;
}

/** Scores every case; `half` picks which are reported, all are counted. */
export function scoreCases(set: CompiledRuleSet, cases: Case[], half: Half, threshold = THRESHOLD) {
  const parsed = cases.map((c) => {
    const admin = AdminAccountSchema.parse(c.admin_account);
    const statuses = c.statuses.map((s) => StatusSchema.parse(s));
    return { c, admin, statuses, now: Date.parse(c.now) };
  });
  const counters = batchCounters(
    parsed.map((p) => ({
      accountId: p.admin.id,
      statuses: p.statuses,
      admin: p.admin,
      now: p.now,
    })),
  );
  const out: Scored[] = [];
  parsed.forEach((p, i) => {
    if (p.c.half !== half) return;
    const verdict = evaluateParsed(set, {
      account: p.admin.account!,
      adminAccount: p.admin,
      status: p.statuses[0] ?? null,
      recentStatuses: p.statuses.slice(1),
      counters: counters[i],
      now: p.now,
    });
    out.push({ case: p.c, verdict, flagged: verdict.score >= threshold });
  });
  return out;
}

/** One family's figures. */
export interface FamilyRow {
  family: string;
  label: "spam" | "ham";
  cases: number;
  flagged: number;
  /** Report-mode rules that hit, by how many cases they hit. */
  rules: Record<string, number>;
  /** Cases missed (spam) or flagged (ham). */
  errors: string[];
}

/** Figures per family, spam first. */
export function summarize(scored: Scored[]): FamilyRow[] {
  const rows = new Map<string, FamilyRow>();
  for (const s of scored) {
    const { family, label, id } = s.case;
    let row = rows.get(family);
    if (!row) {
      rows.set(family, row = { family, label, cases: 0, flagged: 0, rules: {}, errors: [] });
    }
    row.cases++;
    if (s.flagged) row.flagged++;
    if (s.flagged !== (label === "spam")) row.errors.push(id);
    for (const h of s.verdict.hits) {
      if (h.rule.mode === "report") row.rules[h.rule.name] = (row.rules[h.rule.name] ?? 0) + 1;
    }
  }
  return [...rows.values()].sort((a, b) =>
    a.label === b.label ? a.family.localeCompare(b.family) : a.label === "spam" ? -1 : 1
  );
}

/** Recall over spam rows and false-positive rate over ham rows. */
export function totals(rows: FamilyRow[]) {
  const sum = (label: string, f: (r: FamilyRow) => number) =>
    rows.filter((r) => r.label === label).reduce((n, r) => n + f(r), 0);
  const spam = sum("spam", (r) => r.cases);
  const ham = sum("ham", (r) => r.cases);
  return {
    spam,
    caught: sum("spam", (r) => r.flagged),
    ham,
    flagged: sum("ham", (r) => r.flagged),
    recall: sum("spam", (r) => r.flagged) / Math.max(1, spam),
    falsePositiveRate: sum("ham", (r) => r.flagged) / Math.max(1, ham),
  };
}
