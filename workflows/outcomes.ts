/**
 * Reading back what moderators decided about our reports. Mastodon lists resolved reports
 * newest first, a hundred a call, and can filter them by reporter: one walk down to our oldest
 * open report finds every resolution, instead of one call per open report (which, with a
 * thousand open reports, would cost more than the whole rate-limit window). A few reports that
 * no listing has closed for a day are asked about one by one, which finds those Mastodon
 * deleted with their target account.
 */
import { openReportIds, resolveReport, takeOpenReportsToCheck } from "../db/reports.ts";
import { compareIds } from "../mastodon/paging.ts";
import { MastodonError } from "../mastodon/errors.ts";
import type { AdminReport } from "../mastodon/schemas.ts";
import { logger } from "../server/log.ts";
import type { WorkflowDeps } from "./types.ts";

const log = logger("workflow", "outcomes");
/** Pages of resolved reports read per sync at most (a hundred reports each). */
const MAX_PAGES = 20;
/** Open reports asked about one by one per sync, once a day each at most. */
const SINGLE_CHECKS = 2;
const SINGLE_CHECK_AFTER_MS = 86_400_000;

/** What one sync did. */
export interface SyncResult {
  /** Reports whose state Mastodon told us (by listing or one by one). */
  checked: number;
  resolved: number;
  errors: number;
  /** API calls the sync made. */
  calls: number;
}

type Deps = Pick<
  WorkflowDeps,
  "sql" | "mastodon" | "clock" | "config" | "reporterId" | "learnReporter"
>;
type Open = Awaited<ReturnType<typeof openReportIds>>[number];

/** Records every resolution of our open reports: action taken against the account, or dismissed. */
export async function syncOutcomes(deps: Deps): Promise<SyncResult> {
  const result: SyncResult = { checked: 0, resolved: 0, errors: 0, calls: 0 };
  const open = await openReportIds(deps.sql);
  if (open.length === 0) return result;
  const byId = new Map(open.map((o) => [o.mastodonReportId, o]));
  const oldest = open.map((o) => o.mastodonReportId).sort(compareIds)[0];
  try {
    await walkResolved(deps, byId, oldest, result);
  } catch (err) {
    result.errors++;
    log.warning("Listing resolved reports failed: {error}", { error: describe(err) });
  }
  await checkSingly(deps, result);
  return result;
}

async function walkResolved(
  deps: Deps,
  byId: Map<string, Open>,
  oldest: string,
  result: SyncResult,
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
      if (await record(deps, ours, r)) result.resolved++;
      else result.errors++;
    }
    const last = res.items.at(-1);
    // Newest first: past our oldest open report nothing further can be ours.
    if (!res.next || !last || compareIds(last.id, oldest) <= 0) return;
    maxId = res.next.maxId;
  }
}

/** Asks about a few reports one by one: the listing cannot show a report Mastodon deleted. */
async function checkSingly(deps: Deps, result: SyncResult): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - SINGLE_CHECK_AFTER_MS);
  const rows = await takeOpenReportsToCheck(deps.sql, SINGLE_CHECKS, now, since);
  for (const row of rows) {
    try {
      result.calls++;
      const r = await deps.mastodon.adminReport(row.mastodonReportId!);
      result.checked++;
      if (!r.action_taken) continue;
      const open = { id: row.id, accountId: row.accountId, mastodonReportId: r.id };
      if (await record(deps, open, r)) result.resolved++;
      else result.errors++;
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

/** Records a resolution; false when the id now names another account's report. */
async function record(deps: Deps, ours: Open, r: AdminReport): Promise<boolean> {
  if (r.target_account.id !== ours.accountId) {
    // The id no longer names the report we filed: never record another's outcome as ours.
    log.error("Report integrity error: Mastodon report {report_id} targets {target}, ours {ours}", {
      report_id: r.id,
      target: r.target_account.id,
      ours: ours.accountId,
    });
    return false;
  }
  // The reporter token may not read its own account; a report we filed tells who it is.
  if (deps.reporterId?.() === undefined) await deps.learnReporter?.(r.account.id);
  await resolveReport(deps.sql, ours.id, { ...outcomeOf(r), at: deps.clock.now() });
  return true;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Mastodon marks a report resolved (action_taken) whether moderators acted or dismissed it;
 * the target's state tells which.
 */
function outcomeOf(r: AdminReport): { actionTaken: boolean; details: Record<string, unknown> } {
  const t = r.target_account;
  const acted = t.suspended || t.silenced || t.disabled === true || t.sensitized === true;
  return {
    actionTaken: acted,
    details: {
      action_taken_at: r.action_taken_at ?? null,
      action_taken_by: r.action_taken_by_account?.username ?? null,
      target: {
        suspended: t.suspended,
        silenced: t.silenced,
        disabled: t.disabled ?? false,
        sensitized: t.sensitized ?? false,
      },
    },
  };
}
