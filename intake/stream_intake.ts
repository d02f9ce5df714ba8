/**
 * What a streamed remote status does: for a young account (created, or first seen by us,
 * within the window) it is stored in the inbox and starts a run, at most one per account per
 * minute: the first at once, the rest of that minute together when it ends. Statuses of
 * established accounts are not stored: the stream of a large server is mostly theirs.
 */
import type { Kv } from "../kv/port.ts";
import type { Sql } from "../db/connect.ts";
import { getAccount } from "../db/accounts.ts";
import type { Status } from "../mastodon/schemas.ts";
import type { IntakeResult, WebhookEvent } from "../routes/webhooks.ts";
import { keys } from "../workflows/store.ts";
import { STREAMED_EVENT } from "./webhook_events.ts";

/** What taking in streamed statuses needs. */
export interface StreamIntakeDeps {
  kv: Kv;
  sql: Sql;
  inbox: {
    accept(e: WebhookEvent, id: string, raw?: Uint8Array, delayMs?: number): Promise<IntakeResult>;
  };
  /** Keeps the status for the account's runs (its known timeline), at once. */
  remember?: (status: Status) => Promise<void>;
  /** How long after creation (or our first sight) an account counts as young. */
  youngWindowMs: number;
  /** At most one run per account per this much time. */
  debounceMs?: number;
  now?: () => number;
}

/** The handler `followRemoteStream` calls for each status. */
export function streamIntake(deps: StreamIntakeDeps) {
  const now = deps.now ?? Date.now;
  const debounceMs = deps.debounceMs ?? 60_000;
  return async (status: Status, raw: string): Promise<void> => {
    const t = now();
    if (!(await young(deps, status, t))) return;
    // Known at once, even when its run waits for the minute's end: a run that starts meanwhile
    // for another reason sees it without fetching.
    await deps.remember?.(status);
    const delayMs = await slot(deps.kv, status.account.id, t, debounceMs);
    const createdAt = new Date(t).toISOString();
    // The status's own JSON is kept as it came; only the envelope is written here.
    const body = `{"event":"${STREAMED_EVENT}","created_at":"${createdAt}","object":${raw}}`;
    const event = { event: STREAMED_EVENT, created_at: createdAt, object: status };
    await deps.inbox.accept(event, `stream:${status.id}`, new TextEncoder().encode(body), delayMs);
  };
}

async function young(deps: StreamIntakeDeps, status: Status, t: number): Promise<boolean> {
  const created = Date.parse(status.account.created_at);
  if (Number.isFinite(created) && t - created <= deps.youngWindowMs) return true;
  const seen = await getAccount(deps.sql, status.account.id);
  return seen !== undefined && t - seen.firstSeenAt.getTime() <= deps.youngWindowMs;
}

/** 0 when this status may start a run now, else how long until the account's slot ends. */
async function slot(kv: Kv, accountId: string, t: number, debounceMs: number) {
  const key = keys.streamSlot(accountId);
  const current = await kv.get<number>(key);
  if (current.value !== null && current.value > t) return current.value - t;
  const res = await kv.atomic().check(current)
    .set(key, t + debounceMs, { expireIn: 2 * debounceMs }).commit();
  // Another status took the slot meanwhile: this one waits for its end.
  return res.ok ? 0 : debounceMs;
}
