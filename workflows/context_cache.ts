/**
 * Short-lived KV caches of what Mastodon told us: statuses a webhook carried, accounts and
 * recent statuses fetched moments ago, so a burst from one account costs few API calls.
 */
import type { Kv } from "../kv/port.ts";
import type { AdminAccount, Status } from "../mastodon/schemas.ts";
import { compareIds } from "../mastodon/paging.ts";

/** How long a status a webhook carried stays usable. */
const STATUS_TTL_MS = 10 * 60_000;
// A KV value holds at most 64 KiB; anything larger is simply fetched again.
const MAX_VALUE_BYTES = 60_000;

const statusKey = (id: string) => ["ctx_status", id];
const accountKey = (id: string) => ["ctx_account", id];
const recentKey = (id: string) => ["ctx_recent", id];

/**
 * Keeps a status a webhook or the stream carried, so that fetch_context need not fetch it, and
 * adds it to its account's known timeline.
 */
export async function rememberStatus(kv: Kv, status: Status): Promise<void> {
  await put(kv, statusKey(status.id), slimStatus(status), STATUS_TTL_MS);
  await addToTimeline(kv, status.account.id, [status]);
}

/** How long an account's known timeline is kept, and how many statuses it holds. */
const TIMELINE_TTL_MS = 7 * 86_400_000;
const TIMELINE_SIZE = 40;
const timelineKey = (id: string) => ["ctx_timeline", id];

/**
 * The statuses of an account that webhooks, the stream and fetches have shown, newest first:
 * when they are as many as the account's statuses_count, nothing is left to fetch.
 */
export async function knownTimeline(kv: Kv, accountId: string): Promise<Status[]> {
  return (await kv.get<Status[]>(timelineKey(accountId))).value ?? [];
}

/** Merges statuses into an account's known timeline (by id, newest first, bounded). */
export async function addToTimeline(
  kv: Kv,
  accountId: string,
  statuses: Status[],
): Promise<void> {
  if (statuses.length === 0) return;
  for (let tries = 0; tries < 5; tries++) {
    const current = await kv.get<Status[]>(timelineKey(accountId));
    const byId = new Map((current.value ?? []).map((s) => [s.id, s]));
    for (const s of statuses) byId.set(s.id, slimStatus(s));
    const merged = [...byId.values()].sort((a, b) => compareIds(b.id, a.id)).slice(
      0,
      TIMELINE_SIZE,
    );
    while (merged.length > 0 && JSON.stringify(merged).length > MAX_VALUE_BYTES) merged.pop();
    try {
      const res = await kv.atomic().check(current)
        .set(timelineKey(accountId), merged, { expireIn: TIMELINE_TTL_MS }).commit();
      if (res.ok) return;
    } catch {
      // A timeline that cannot be written only costs a fetch later.
      return;
    }
  }
}

/** A remembered status, or undefined. */
export async function cachedStatus(kv: Kv, id: string): Promise<Status | undefined> {
  return (await kv.get<Status>(statusKey(id))).value ?? undefined;
}

/**
 * Caches an Admin::Account for `ttlMs`; intake calls it with the accounts a poll or webhook
 * carried, so that fetch_context does not ask for them again.
 */
export async function rememberAccount(kv: Kv, a: AdminAccount, ttlMs = STATUS_TTL_MS) {
  await put(kv, accountKey(a.id), a, ttlMs);
}

/** A cached Admin::Account, or undefined. */
export async function cachedAccount(kv: Kv, id: string): Promise<AdminAccount | undefined> {
  return (await kv.get<AdminAccount>(accountKey(id))).value ?? undefined;
}

/** Caches an account's recent statuses for `ttlMs`. */
export async function rememberRecent(kv: Kv, id: string, statuses: Status[], ttlMs: number) {
  await put(kv, recentKey(id), statuses.map(slimStatus), ttlMs);
}

/** Cached recent statuses of an account, or undefined. */
export async function cachedRecent(kv: Kv, id: string): Promise<Status[] | undefined> {
  return (await kv.get<Status[]>(recentKey(id))).value ?? undefined;
}

/**
 * A status without what the engine never reads (the nested account's profile, emojis, counts),
 * so that caches and stored contexts stay small.
 */
export function slimStatus(s: Status): Status {
  const { account, reblog, emojis: _e, ...rest } = s;
  return {
    ...rest,
    emojis: [],
    account: { ...account, note: "", fields: [], emojis: [] },
    reblog: reblog ? { ...reblog, account: { ...reblog.account, note: "", fields: [] } } : reblog,
  } as Status;
}

async function put(kv: Kv, key: Deno.KvKey, value: unknown, ttlMs: number) {
  if (JSON.stringify(value).length > MAX_VALUE_BYTES) return;
  try {
    await kv.set(key, value, { expireIn: ttlMs });
  } catch {
    // A cache write that fails only costs an API call later.
  }
}

const USER_REPORT_TTL_MS = 30 * 86_400_000;
const userReportKey = (accountId: string) => ["user_report", accountId];

/**
 * Notes that a user's report on an account is open (from the report.created webhook), so the
 * report step does not file ours on top of it; `open: false` (report.updated, resolved)
 * forgets it.
 */
export async function noteUserReport(kv: Kv, accountId: string, open: boolean) {
  if (open) await kv.set(userReportKey(accountId), true, { expireIn: USER_REPORT_TTL_MS });
  else await kv.delete(userReportKey(accountId));
}

/** True while a user's report on the account is known to be open. */
export async function userReportOpen(kv: Kv, accountId: string): Promise<boolean> {
  return (await kv.get(userReportKey(accountId))).value === true;
}
