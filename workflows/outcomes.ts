/**
 * Reading back what moderators decided about our reports. Mastodon lists resolved reports
 * newest first, a hundred a call, and can filter them by reporter: one walk down to our oldest
 * open report finds every resolution, instead of one call per open report (which, with a
 * thousand open reports, would cost more than the whole rate-limit window). A few reports that
 * no listing has closed for a day are asked about one by one, which finds those Mastodon
 * deleted with their target account.
 *
 * "Actioned" follows what Mastodon shows: the target suspended, silenced, disabled or marked
 * sensitive, or the reported statuses deleted (Mastodon keeps deleted statuses in the report,
 * so one is asked for: gone is deleted). Otherwise a resolved report was dismissed. Each sync
 * also counts the moderators' open backlog (everyone's reports) for workflows/backlog.ts.
 */
import { openReportIds, resolveReport, takeOpenReportsToCheck } from "../db/reports.ts";
import { compareIds } from "../mastodon/paging.ts";
import { MastodonError } from "../mastodon/errors.ts";
import type { AdminReport } from "../mastodon/schemas.ts";
import { logger } from "../server/log.ts";
import { type BacklogCount, recordBacklog, wakeForRoom } from "./backlog.ts";
import type { WorkflowDeps } from "./types.ts";

const log = logger("workflow", "outcomes");
/** Pages of resolved reports read per sync at most (a hundred reports each). */
const MAX_PAGES = 20;
/** Open reports asked about one by one per sync, once a day each at most. */
const SINGLE_CHECKS = 2;
const SINGLE_CHECK_AFTER_MS = 86_400_000;
/** Reported statuses asked for per sync (to tell deleted ones); the rest wait for the next. */
const STATUS_CHECKS = 20;
/** Pages of open reports counted per sync at most (a hundred each). */
const MAX_BACKLOG_PAGES = 10;

/** What one sync did. */
export interface SyncResult {
  /** Reports whose state Mastodon told us (by listing or one by one). */
  checked: number;
  resolved: number;
  errors: number;
  /** API calls the sync made. */
  calls: number;
  /** The moderators' open backlog, when REPORT_BACKLOG_LIMIT is set. */
  backlog?: BacklogCount & {
    limit: number;
    /** Waiting runs woken because the count left room for them. */
    woken: number;
  };
}

type Deps = Pick<
  WorkflowDeps,
  "sql" | "kv" | "mastodon" | "clock" | "config" | "reporterId" | "learnReporter"
>;
/** What one sync may still spend on asking for reported statuses. */
interface Budget {
  statusChecks: number;
}
type Open = Awaited<ReturnType<typeof openReportIds>>[number];

/** Records every resolution of our open reports: action taken against the account, or dismissed. */
export async function syncOutcomes(deps: Deps): Promise<SyncResult> {
  const result: SyncResult = { checked: 0, resolved: 0, errors: 0, calls: 0 };
  const open = await openReportIds(deps.sql);
  const budget: Budget = { statusChecks: STATUS_CHECKS };
  if (open.length > 0) {
    const byId = new Map(open.map((o) => [o.mastodonReportId, o]));
    const oldest = open.map((o) => o.mastodonReportId).sort(compareIds)[0];
    try {
      await walkResolved(deps, byId, oldest, result, budget);
    } catch (err) {
      result.errors++;
      log.warning("Listing resolved reports failed: {error}", { error: describe(err) });
    }
    await checkSingly(deps, result, budget);
  }
  const limit = deps.config.reportBacklogLimit ?? 0;
  if (limit > 0) {
    try {
      const count = await countBacklog(deps, limit, result);
      await recordBacklog(deps.kv, count);
      result.backlog = { ...count, limit, woken: await wakeForRoom(deps, limit - count.open) };
    } catch (err) {
      // The last count stands until one succeeds.
      result.errors++;
      log.warning("Counting open reports failed: {error}", { error: describe(err) });
    }
  }
  return result;
}

/** Counts the open reports at Mastodon (anyone's), stopping once past the limit. */
async function countBacklog(deps: Deps, limit: number, result: SyncResult): Promise<BacklogCount> {
  const at = deps.clock.now().toISOString();
  let open = 0;
  let maxId: string | undefined;
  for (let page = 0; page < MAX_BACKLOG_PAGES; page++) {
    const res = await deps.mastodon.listAdminReports({ limit: 100, maxId });
    result.calls++;
    open += res.items.length;
    if (!res.next || res.items.length === 0) return { open, atLeast: false, at };
    if (open > limit) break;
    maxId = res.next.maxId;
  }
  return { open, atLeast: true, at };
}

async function walkResolved(
  deps: Deps,
  byId: Map<string, Open>,
  oldest: string,
  result: SyncResult,
  budget: Budget,
): Promise<void> {
  let maxId: string | undefined;
  for (let page = 0; page < MAX_PAGES && byId.size > 0; page++) {
    const res = await deps.mastodon.listAdminReports({
      resolved: true,
      accountId: deps.reporterId?.(),
      limit: 100,
      maxId,
    });
    result.calls++;
    for (const r of res.items) {
      const ours = byId.get(r.id);
      if (!ours) continue;
      byId.delete(r.id);
      result.checked++;
      tally(result, await record(deps, ours, r, result, budget));
    }
    const last = res.items.at(-1);
    // Newest first: past our oldest open report nothing further can be ours.
    if (!res.next || !last || compareIds(last.id, oldest) <= 0) return;
    maxId = res.next.maxId;
  }
}

/** Asks about a few reports one by one: the listing cannot show a report Mastodon deleted. */
async function checkSingly(deps: Deps, result: SyncResult, budget: Budget): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - SINGLE_CHECK_AFTER_MS);
  const rows = await takeOpenReportsToCheck(deps.sql, SINGLE_CHECKS, now, since);
  for (const row of rows) {
    try {
      result.calls++;
      const r = await deps.mastodon.adminReport(row.mastodonReportId!);
      result.checked++;
      if (!r.action_taken) continue;
      const open = {
        id: row.id,
        accountId: row.accountId,
        mastodonReportId: r.id,
        statusIds: row.statusIds,
      };
      tally(result, await record(deps, open, r, result, budget));
    } catch (err) {
      if (err instanceof MastodonError && err.status === 404) {
        // Mastodon deletes reports with their target account; record that it is gone.
        await resolveReport(deps.sql, row.id, {
          actionTaken: true,
          details: { gone: true },
          at: now,
        });
        result.checked++;
        result.resolved++;
        continue;
      }
      result.errors++;
      log.warning("Outcome of report {report_id} unknown: {error}", {
        report_id: row.mastodonReportId,
        error: describe(err),
      });
    }
  }
}

function tally(result: SyncResult, recorded: "recorded" | "mismatch" | "later") {
  if (recorded === "recorded") result.resolved++;
  if (recorded === "mismatch") result.errors++;
}

/**
 * Records a resolution: "mismatch" when the id now names another account's report, "later"
 * when whether its statuses were deleted cannot be told in this sync.
 */
async function record(
  deps: Deps,
  ours: Open,
  r: AdminReport,
  result: SyncResult,
  budget: Budget,
): Promise<"recorded" | "mismatch" | "later"> {
  if (r.target_account.id !== ours.accountId) {
    // The id no longer names the report we filed: never record another's outcome as ours.
    log.error("Report integrity error: Mastodon report {report_id} targets {target}, ours {ours}", {
      report_id: r.id,
      target: r.target_account.id,
      ours: ours.accountId,
    });
    return "mismatch";
  }
  // The reporter token may not read its own account; a report we filed tells who it is.
  if (deps.reporterId?.() === undefined) await deps.learnReporter?.(r.account.id);
  const deleted = await statusesDeleted(deps, ours, r, result, budget);
  if (deleted === undefined) return "later";
  await resolveReport(deps.sql, ours.id, { ...outcomeOf(r, deleted), at: deps.clock.now() });
  return "recorded";
}

/**
 * Whether moderators deleted the reported statuses; undefined when it cannot be told now. Only
 * asked when the target's flags show no action: a suspended account's statuses are gone anyway.
 */
async function statusesDeleted(
  deps: Deps,
  ours: Open,
  r: AdminReport,
  result: SyncResult,
  budget: Budget,
): Promise<boolean | undefined> {
  if (flagged(r) || ours.statusIds.length === 0) return false;
  const listed = new Set(r.statuses.map((s) => s.id));
  if (ours.statusIds.some((id) => !listed.has(id))) return true;
  if (budget.statusChecks <= 0) return undefined;
  budget.statusChecks--;
  result.calls++;
  try {
    await deps.mastodon.status(ours.statusIds[0]);
    return false;
  } catch (err) {
    if (err instanceof MastodonError && err.status === 404) return true;
    log.warning("Reported status {status_id} unreadable: {error}", {
      status_id: ours.statusIds[0],
      error: describe(err),
    });
    return undefined;
  }
}

function flagged(r: AdminReport): boolean {
  const t = r.target_account;
  return t.suspended || t.silenced || t.disabled === true || t.sensitized === true;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Mastodon marks a report resolved (action_taken) whether moderators acted or dismissed it;
 * the target's state tells which.
 */
function outcomeOf(
  r: AdminReport,
  statusesDeleted: boolean,
): { actionTaken: boolean; details: Record<string, unknown> } {
  const t = r.target_account;
  return {
    actionTaken: flagged(r) || statusesDeleted,
    details: {
      action_taken_at: r.action_taken_at ?? null,
      action_taken_by: r.action_taken_by_account?.username ?? null,
      target: {
        suspended: t.suspended,
        silenced: t.silenced,
        disabled: t.disabled ?? false,
        sensitized: t.sensitized ?? false,
        statuses_deleted: statusesDeleted,
      },
    },
  };
}
