/** Finding a report a run already filed, by the marker in its comment. */
import type { Mastodon } from "../mastodon/client.ts";
import type { AdminReport } from "../mastodon/schemas.ts";
import { runMarker } from "./report_comment.ts";

const MAX_PAGES = 3;

/**
 * Looks for the report carrying `runId`'s marker on `accountId`: open ones first, then
 * resolved ones (a moderator may have been quick). Bounded to a few pages each. The marker
 * must end the comment, and, when our reporter account is known, that account must have filed
 * it: anyone can write a marker into a report of their own.
 */
export async function findOurReport(
  mastodon: Mastodon,
  accountId: string,
  runId: string,
  reporterId?: string,
): Promise<AdminReport | undefined> {
  const marker = runMarker(runId);
  const ours = (r: AdminReport) =>
    r.comment.trimEnd().endsWith(marker) && r.target_account.id === accountId &&
    (reporterId === undefined || r.account.id === reporterId);
  for (const resolved of [false, true]) {
    let maxId: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await mastodon.listAdminReports({
        targetAccountId: accountId,
        resolved,
        limit: 100,
        maxId,
      });
      const found = res.items.find(ours);
      if (found) return found;
      if (!res.next) break;
      maxId = res.next.maxId;
    }
  }
  return undefined;
}
