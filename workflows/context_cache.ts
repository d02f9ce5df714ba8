/**
 * Short-lived KV caches of what Mastodon told us: statuses a webhook carried, accounts and
 * recent statuses fetched moments ago, so a burst from one account costs few API calls.
 */
import type { AdminAccount, Status } from "../mastodon/schemas.ts";

/** How long a status a webhook carried stays usable. */
const STATUS_TTL_MS = 10 * 60_000;
// A KV value holds at most 64 KiB; anything larger is simply fetched again.
const MAX_VALUE_BYTES = 60_000;

const statusKey = (id: string) => ["ctx_status", id];
const accountKey = (id: string) => ["ctx_account", id];
const recentKey = (id: string) => ["ctx_recent", id];

/** Keeps a status the webhook carried so that fetch_context need not fetch it again. */
export async function rememberStatus(kv: Deno.Kv, status: Status): Promise<void> {
  await put(kv, statusKey(status.id), slimStatus(status), STATUS_TTL_MS);
}

/** A remembered status, or undefined. */
export async function cachedStatus(kv: Deno.Kv, id: string): Promise<Status | undefined> {
  return (await kv.get<Status>(statusKey(id))).value ?? undefined;
}

/**
 * Caches an Admin::Account for `ttlMs`; intake calls it with the accounts a poll or webhook
 * carried, so that fetch_context does not ask for them again.
 */
export async function rememberAccount(kv: Deno.Kv, a: AdminAccount, ttlMs = STATUS_TTL_MS) {
  await put(kv, accountKey(a.id), a, ttlMs);
}

/** A cached Admin::Account, or undefined. */
export async function cachedAccount(kv: Deno.Kv, id: string): Promise<AdminAccount | undefined> {
  return (await kv.get<AdminAccount>(accountKey(id))).value ?? undefined;
}

/** Caches an account's recent statuses for `ttlMs`. */
export async function rememberRecent(kv: Deno.Kv, id: string, statuses: Status[], ttlMs: number) {
  await put(kv, recentKey(id), statuses.map(slimStatus), ttlMs);
}

/** Cached recent statuses of an account, or undefined. */
export async function cachedRecent(kv: Deno.Kv, id: string): Promise<Status[] | undefined> {
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

async function put(kv: Deno.Kv, key: Deno.KvKey, value: unknown, ttlMs: number) {
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
export async function noteUserReport(kv: Deno.Kv, accountId: string, open: boolean) {
  if (open) await kv.set(userReportKey(accountId), true, { expireIn: USER_REPORT_TTL_MS });
  else await kv.delete(userReportKey(accountId));
}

/** True while a user's report on the account is known to be open. */
export async function userReportOpen(kv: Deno.Kv, accountId: string): Promise<boolean> {
  return (await kv.get(userReportKey(accountId))).value === true;
}
