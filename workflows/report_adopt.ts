/** Finding a report a run already filed, by the marker in its comment. */
import type { Mastodon } from "../mastodon/client.ts";
import type { AdminReport } from "../mastodon/schemas.ts";
import { runMarker } from "./report_comment.ts";

const MAX_PAGES = 3;

/**
 * Looks for the report carrying `runId`'s marker on `accountId`: open ones first, then
 * resolved ones (a moderator may have been quick). Bounded to a few pages each.
 */
export async function findOurReport(
  mastodon: Mastodon,
  accountId: string,
  runId: string,
): Promise<AdminReport | undefined> {
  const marker = runMarker(runId);
  for (const resolved of [false, true]) {
    let maxId: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await mastodon.listAdminReports({
        targetAccountId: accountId,
        resolved,
        limit: 100,
        maxId,
      });
      const found = res.items.find((r) => r.comment.includes(marker));
      if (found) return found;
      if (!res.next) break;
      maxId = res.next.maxId;
    }
  }
  return undefined;
}

// Any run's marker: our reports carry one, a user's report does not.
const ANY_MARKER = /\[mastowatch run [^\]]+\]/;

/**
 * True when someone else's report on the account is open at Mastodon (a user's, or another
 * tool's): moderators will look at the account, and a report of ours would duplicate it.
 */
export async function othersOpenReport(
  deps: { mastodon: Mastodon },
  accountId: string,
): Promise<boolean> {
  const open = await deps.mastodon.listAdminReports({ targetAccountId: accountId, limit: 100 });
  return open.items.some((r) => !r.action_taken && !ANY_MARKER.test(r.comment));
}
