/** Polling Mastodon's admin account list for new accounts, from a cursor kept in KV. */
import type { Kv } from "../kv/port.ts";
import type { Mastodon } from "../mastodon/client.ts";
import { logger } from "../server/log.ts";
import type { RunStarter } from "./port.ts";

const log = logger("intake", "poll");

/** What one poll needs. */
export interface PollDeps {
  kv: Kv;
  mastodon: Pick<Mastodon, "newAdminAccountsSince">;
  runs: RunStarter;
  /**
   * On the first poll (no cursor yet), only accounts created this recently are analysed: older
   * ones are history moderators have seen, and each would cost a fetch of its statuses.
   */
  firstPollWindowMs?: number;
  now?: () => number;
}

/** The KV key of an origin's cursor. */
export function cursorKey(origin: "local" | "remote"): Deno.KvKey {
  return ["poll_cursor", origin];
}

/**
 * Starts a run for every account newer than the stored cursor, then moves the cursor. A crash
 * before the cursor moves re-reads the same accounts next time; their runs are de-duplicated.
 */
export async function pollNewAccounts(
  deps: PollDeps,
  origin: "local" | "remote",
): Promise<{ started: number; seen: number }> {
  const stored = await deps.kv.get<string>(cursorKey(origin));
  const { accounts, cursor } = await deps.mastodon.newAdminAccountsSince({
    origin,
    cursor: stored.value ?? undefined,
  });
  let started = 0;
  const now = (deps.now ?? Date.now)();
  const window = deps.firstPollWindowMs;
  const fresh = stored.value === null && window !== undefined
    ? accounts.filter((a) => now - Date.parse(a.created_at) <= window)
    : accounts;
  for (const a of fresh) {
    // The list already carries each Admin::Account: the run need not fetch it again.
    await deps.runs.rememberAccount(a);
    const r = await deps.runs.startRun({
      accountId: a.id,
      trigger: "poll",
      dedupKey: `poll:${a.id}`,
    });
    if (r.created) started++;
  }
  if (cursor && cursor !== stored.value) {
    // Only moves forward: another poll that got further is not undone.
    const res = await deps.kv.atomic().check(stored).set(cursorKey(origin), cursor).commit();
    if (!res.ok) log.info("Cursor for {origin} moved by another poll", { origin });
  }
  if (accounts.length > 0) {
    log.info("Polled {seen} new {origin} accounts, started {started} runs", {
      origin,
      seen: accounts.length,
      started,
    });
  }
  return { started, seen: accounts.length };
}
