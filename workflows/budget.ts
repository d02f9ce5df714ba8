/**
 * Daily report budgets, reserved atomically together with the report intent: concurrent report
 * steps cannot overshoot a budget, and a run that retries after reserving is not counted twice.
 * The reports table of the current UTC day is the floor, so a wiped KV cannot reset a budget.
 * The moderators' backlog (workflows/backlog.ts) is reserved in the same atomic.
 */
import { countReportsSince } from "../db/reports.ts";
import { backlogGate } from "./backlog.ts";
import type { ReportRequest } from "../mastodon/client.ts";
import { keys } from "./store.ts";
import type { WorkflowDeps } from "./types.ts";

/** Long enough for any retry of the run; far beyond the life of a finished run. */
const INTENT_TTL_MS = 30 * 86_400_000;
const COUNTER_TTL_MS = 2 * 86_400_000;

/**
 * Records the intent to file `request` for `runId`, reserving a place in today's budgets and in
 * the moderators' backlog unless the run already holds one. Answers "budget" when a daily
 * budget is spent and "backlog" when the backlog has no room for this score (nothing recorded).
 */
export async function reserveAndRecordIntent(
  deps: WorkflowDeps,
  runId: string,
  domain: string | null,
  request: ReportRequest,
  score = 0,
): Promise<"reserved" | "budget" | "backlog"> {
  const now = deps.clock.now();
  const day = now.toISOString().slice(0, 10);
  const midnight = new Date(`${day}T00:00:00.000Z`);
  const totalKey = ["report_budget", day];
  const domainKey = ["report_budget", day, domain ?? ""];
  const intent = { request, at: now.toISOString() };
  for (let tries = 0; tries < 20; tries++) {
    const [total, perDomain, held] = await deps.kv.getMany<[number, number, unknown]>([
      totalKey,
      domainKey,
      keys.intent(runId),
    ]);
    const op = deps.kv.atomic().check(total, perDomain, held)
      .set(keys.intent(runId), intent, { expireIn: INTENT_TTL_MS });
    if (held.value === null) {
      const used = Math.max(total.value ?? 0, await countReportsSince(deps.sql, midnight));
      if (used >= deps.config.reportDailyBudget) return "budget";
      op.set(totalKey, used + 1, { expireIn: COUNTER_TTL_MS });
      if (domain !== null) {
        const usedHere = Math.max(
          perDomain.value ?? 0,
          await countReportsSince(deps.sql, midnight, domain),
        );
        if (usedHere >= deps.config.reportDomainDailyBudget) return "budget";
        op.set(domainKey, usedHere + 1, { expireIn: COUNTER_TTL_MS });
      }
      const backlog = await backlogGate(deps, runId, score);
      if (!backlog.room) return "backlog";
      backlog.take(op);
    }
    if ((await op.commit()).ok) return "reserved";
  }
  throw new Error(`could not reserve a report budget for run ${runId}: too much contention`);
}

/**
 * Gives back what `reserveAndRecordIntent` took for a run whose report Mastodon definitely
 * refused (a 4xx): the intent and its places in that day's budgets, so a refusal repeated by
 * every run cannot spend the day's budget with nothing filed.
 */
export async function releaseIntent(
  deps: WorkflowDeps,
  runId: string,
  domain: string | null,
): Promise<void> {
  for (let tries = 0; tries < 20; tries++) {
    const held = await deps.kv.get<{ at: string }>(keys.intent(runId));
    if (held.value === null) return;
    const day = held.value.at.slice(0, 10);
    const totalKey = ["report_budget", day];
    const domainKey = ["report_budget", day, domain ?? ""];
    const [total, perDomain] = await deps.kv.getMany<[number, number]>([totalKey, domainKey]);
    const op = deps.kv.atomic().check(held, total, perDomain).delete(keys.intent(runId));
    if (total.value) op.set(totalKey, total.value - 1, { expireIn: COUNTER_TTL_MS });
    if (domain !== null && perDomain.value) {
      op.set(domainKey, perDomain.value - 1, { expireIn: COUNTER_TTL_MS });
    }
    if ((await op.commit()).ok) return;
  }
}
