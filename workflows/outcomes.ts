/** Reading back what moderators decided about our reports. */
import { resolveReport, takeOpenReportsToCheck } from "../db/reports.ts";
import { MastodonError } from "../mastodon/errors.ts";
import type { AdminReport } from "../mastodon/schemas.ts";
import { logger } from "../server/log.ts";
import type { WorkflowDeps } from "./types.ts";

const log = logger("workflow", "outcomes");

/** What one sync did. */
export interface SyncResult {
  checked: number;
  resolved: number;
  errors: number;
}

/**
 * Asks Mastodon about our open reports (the longest unchecked first, bounded per call) and
 * records each resolved one: action taken against the account, or dismissed.
 */
export async function syncOutcomes(
  deps: Pick<
    WorkflowDeps,
    "sql" | "mastodon" | "clock" | "config" | "reporterId" | "learnReporter"
  >,
): Promise<SyncResult> {
  const now = deps.clock.now();
  const open = await takeOpenReportsToCheck(deps.sql, deps.config.outcomesPerCall, now);
  const result: SyncResult = { checked: 0, resolved: 0, errors: 0 };
  for (const row of open) {
    try {
      const r = await deps.mastodon.adminReport(row.mastodonReportId!);
      result.checked++;
      if (r.target_account.id !== row.accountId) {
        // The id no longer names the report we filed: never record another's outcome as ours.
        result.errors++;
        log.error(
          "Report integrity error: Mastodon report {report_id} targets {target}, ours {ours}",
          {
            report_id: row.mastodonReportId,
            target: r.target_account.id,
            ours: row.accountId,
          },
        );
        continue;
      }
      // The reporter token may not read its own account; a report we filed tells who it is.
      if (deps.reporterId?.() === undefined) await deps.learnReporter?.(r.account.id);
      if (!r.action_taken) continue;
      await resolveReport(deps.sql, row.id, { ...outcomeOf(r), at: now });
      result.resolved++;
    } catch (err) {
      if (err instanceof MastodonError && err.status === 404) {
        // Mastodon deletes reports with their target account; record that it is gone.
        await resolveReport(deps.sql, row.id, {
          actionTaken: true,
          details: { gone: true },
          at: now,
        });
        result.resolved++;
        continue;
      }
      result.errors++;
      log.warning("Outcome of report {report_id} unknown: {error}", {
        report_id: row.mastodonReportId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return result;
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
