/** Walking the admin account list forward from a cursor, shared by the real client and the fake. */
import { compareIds } from "./paging.ts";
import type { AdminAccount } from "./schemas.ts";

/** The subset of the client this walk needs. */
export interface AdminAccountLister {
  listAdminAccounts(q: {
    origin?: "local" | "remote";
    minId?: string;
    limit?: number;
  }): Promise<{ items: AdminAccount[] }>;
}

/** Page size for the walk: the largest Mastodon's admin account list serves. */
export const ACCOUNTS_PAGE_SIZE = 100;
/** Pages read per call unless told otherwise, so one poll stays bounded. */
export const DEFAULT_MAX_PAGES = 10;

/**
 * Every account newer than `cursor`, oldest first, and the new cursor (the highest id seen).
 *
 * With a cursor it pages with `min_id`, which Mastodon answers with the accounts immediately
 * above it, so nothing is skipped or read twice; a full page means there may be more. After
 * `maxPages` it stops and returns the cursor reached: the next call carries on from there.
 *
 * Without a cursor (the first run) it reads only the newest page and starts from there rather
 * than walking the server's whole history, which on a large server would cost thousands of calls
 * and report accounts that moderators have long since seen.
 */
export async function newAdminAccountsSince(
  lister: AdminAccountLister,
  q: { origin: "local" | "remote"; cursor?: string; maxPages?: number },
): Promise<{ accounts: AdminAccount[]; cursor?: string }> {
  if (q.cursor === undefined) {
    const page = await lister.listAdminAccounts({ origin: q.origin, limit: ACCOUNTS_PAGE_SIZE });
    const accounts = [...page.items].sort((a, b) => compareIds(a.id, b.id));
    return { accounts, cursor: accounts.at(-1)?.id };
  }
  const maxPages = Math.max(1, q.maxPages ?? DEFAULT_MAX_PAGES);
  const accounts: AdminAccount[] = [];
  let cursor = q.cursor;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await lister.listAdminAccounts({
      origin: q.origin,
      minId: cursor,
      limit: ACCOUNTS_PAGE_SIZE,
    });
    // Mastodon answers min_id pages newest first; the guard drops anything at or below the cursor.
    const fresh = page.items
      .filter((a) => compareIds(a.id, cursor) > 0)
      .sort((a, b) => compareIds(a.id, b.id));
    if (fresh.length === 0) break;
    accounts.push(...fresh);
    cursor = fresh[fresh.length - 1].id;
    if (page.items.length < ACCOUNTS_PAGE_SIZE) break;
  }
  return { accounts, cursor };
}
