/**
 * A what-if backtest: the live rules and the live rules with one rule added or changed, both
 * replayed over the engine inputs stored for the analyses of the last N days. The engine is
 * pure, so each replay is the verdict the live engine would give that input. An account "would
 * be reported" when any of its inputs scores at the report threshold with a report-mode hit,
 * as the report step decides (budgets, dry-run and earlier reports aside).
 *
 * Bounded: inputs are read a page at a time, each page's evaluations run in the worker pool
 * when one is given (else between pages the event loop gets a turn), the per-account state is
 * two booleans and two scores, the answer's lists are capped, and a run past its time limit
 * fails. An input that runs past the pool's evaluation time limit is counted as skipped.
 */
import { countAnalysisInputs, pageAnalysisInputs } from "../db/analyses.ts";
import { acctsOf, finishBacktest, outcomesOf, recordProgress } from "../db/backtests.ts";
import type { Sql } from "../db/connect.ts";
import { loadEnabledRules } from "../db/rules.ts";
import { type CompiledRuleSet, prepareRuleSetNow } from "../rules/compile.ts";
import { evaluate } from "../rules/engine.ts";
import { EvaluationTimeout, EvaluatorBusy } from "../rules/offthread/pool.ts";
import { regexChecker, UNLIMITED } from "../rules/regex_checker.ts";
import type { StoredRule } from "../rules/schema.ts";
import { type EngineInput, EngineInputSchema, type Verdict } from "../rules/types.ts";

/** What a backtest replays: the candidate rule, the live rule it replaces (if any), N days. */
export interface BacktestSpec {
  candidate: StoredRule;
  replaces: string | null;
  days: number;
}

/** What the runner needs. */
export interface BacktestDeps {
  sql: Sql;
  threshold: number;
  now: () => Date;
  /** Evaluates off the event loop (the worker pool); by default on it, between pauses. */
  evaluate?: (set: CompiledRuleSet, input: EngineInput) => Promise<Verdict>;
  pageSize?: number;
  timeLimitMs?: number;
  maxAccounts?: number;
}

/** One account in a backtest's answer. */
export interface BacktestAccount {
  account_id: string;
  acct?: string;
  score: number;
  baseline_score: number;
}

/** The lists in an answer stop here; the counts say how many there were. */
export const LIST_CAP = 1_000;
const PAGE = 200;
const TIME_LIMIT_MS = 10 * 60_000;
const MAX_ACCOUNTS = 200_000;
const BUSY_WAIT_MS = 100;

interface Tally {
  base: boolean;
  cand: boolean;
  baseScore: number;
  candScore: number;
}

/** Whether a verdict files a report, as the report step decides from the analysis alone. */
export function reports(v: Verdict, threshold: number): boolean {
  return v.hits.some((h) => h.rule.mode === "report") && v.score >= threshold;
}

/** The live rules and the candidate set, compiled. */
export async function ruleSets(sql: Sql, spec: BacktestSpec) {
  const { rules } = await loadEnabledRules(sql);
  const checks = regexChecker.request("backtest", UNLIMITED);
  const others = rules.filter((r) => r.id !== spec.replaces);
  const candidate = spec.candidate.enabled ? [spec.candidate] : [];
  return {
    baseline: await prepareRuleSetNow(rules, checks),
    candidate: await prepareRuleSetNow([...others, ...candidate], checks),
  };
}

/** Runs backtest `id` to its end, recording progress; failures end it as failed. */
export async function runBacktest(deps: BacktestDeps, id: string, spec: BacktestSpec) {
  try {
    const result = await replay(deps, id, spec);
    await finishBacktest(deps.sql, id, { result, now: deps.now() });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await finishBacktest(deps.sql, id, { error, now: deps.now() });
  }
}

async function replay(deps: BacktestDeps, id: string, spec: BacktestSpec) {
  const started = deps.now().getTime();
  const limit = deps.timeLimitMs ?? TIME_LIMIT_MS;
  const since = new Date(started - spec.days * 86_400_000);
  const sets = await ruleSets(deps.sql, spec);
  const run = deps.evaluate ?? ((set, input) => Promise.resolve(evaluate(set, input)));
  const total = await countAnalysisInputs(deps.sql, since);
  const tallies = new Map<string, Tally>();
  let processed = 0;
  let skipped = 0;
  let after = "0";
  await recordProgress(deps.sql, id, { processed, total, now: deps.now() });
  while (true) {
    const page = await pageAnalysisInputs(deps.sql, {
      since,
      afterId: after,
      limit: deps.pageSize ?? PAGE,
    });
    if (page.length === 0) break;
    for (const row of page) {
      const parsed = EngineInputSchema.safeParse(row.input);
      if (!parsed.success) {
        skipped++;
        continue;
      }
      const input = parsed.data;
      const both = await evaluatedTwice(
        run,
        sets,
        input,
        () => deps.now().getTime() - started > limit,
      );
      if (!both) {
        skipped++;
        continue;
      }
      const [b, c] = both;
      const t = tallies.get(row.accountId) ??
        { base: false, cand: false, baseScore: 0, candScore: 0 };
      t.base ||= reports(b, deps.threshold);
      t.cand ||= reports(c, deps.threshold);
      t.baseScore = Math.max(t.baseScore, b.score);
      t.candScore = Math.max(t.candScore, c.score);
      tallies.set(row.accountId, t);
      if (tallies.size > (deps.maxAccounts ?? MAX_ACCOUNTS)) {
        throw new Error(`more than ${deps.maxAccounts ?? MAX_ACCOUNTS} accounts; use fewer days`);
      }
    }
    processed += page.length;
    after = page.at(-1)!.analysisId;
    const now = deps.now();
    if (now.getTime() - started > limit) {
      throw new Error(`stopped after ${Math.round(limit / 1000)} s, at ${processed} of ${total}`);
    }
    await recordProgress(deps.sql, id, { processed, total: Math.max(total, processed), now });
    // A turn for HTTP and the queue between pages.
    await new Promise((r) => setTimeout(r, 0));
  }
  return await summary(deps.sql, tallies, { processed, skipped });
}

/**
 * Both verdicts, waiting while the pool is busy with the workflow's own scoring; undefined for
 * an input that runs past the evaluation time limit (the live engine would not score it either).
 */
async function evaluatedTwice(
  run: NonNullable<BacktestDeps["evaluate"]>,
  sets: { baseline: CompiledRuleSet; candidate: CompiledRuleSet },
  input: EngineInput,
  late: () => boolean,
): Promise<[Verdict, Verdict] | undefined> {
  const one = async (set: CompiledRuleSet): Promise<Verdict> => {
    while (true) {
      try {
        return await run(set, input);
      } catch (err) {
        if (!(err instanceof EvaluatorBusy) || late()) throw err;
        await new Promise((r) => setTimeout(r, BUSY_WAIT_MS));
      }
    }
  };
  try {
    return [await one(sets.baseline), await one(sets.candidate)];
  } catch (err) {
    if (err instanceof EvaluationTimeout) return undefined;
    throw err;
  }
}

async function summary(
  sql: Sql,
  tallies: Map<string, Tally>,
  counts: { processed: number; skipped: number },
) {
  const wouldReport: BacktestAccount[] = [];
  const wouldStop: BacktestAccount[] = [];
  let unchanged = 0;
  for (const [account_id, t] of tallies) {
    const entry = { account_id, score: t.candScore, baseline_score: t.baseScore };
    if (t.cand && !t.base) wouldReport.push(entry);
    else if (t.base && !t.cand) wouldStop.push(entry);
    else unchanged++;
  }
  const byScore = (a: BacktestAccount, b: BacktestAccount) =>
    b.score - a.score || a.account_id.localeCompare(b.account_id);
  wouldReport.sort(byScore);
  wouldStop.sort((a, b) => b.baseline_score - a.baseline_score || byScore(a, b));
  const shown = [...wouldReport.slice(0, LIST_CAP), ...wouldStop.slice(0, LIST_CAP)];
  const accts = await acctsOf(sql, shown.map((a) => a.account_id));
  const named = (list: BacktestAccount[]) =>
    list.slice(0, LIST_CAP).map((a) => ({ ...a, acct: accts.get(a.account_id) ?? "" }));
  return {
    would_report: named(wouldReport),
    would_stop: named(wouldStop),
    would_report_count: wouldReport.length,
    would_stop_count: wouldStop.length,
    unchanged,
    accounts: tallies.size,
    analyses: counts.processed,
    skipped: counts.skipped,
    outcomes: await outcomesOf(sql, shown.map((a) => a.account_id)),
  };
}
