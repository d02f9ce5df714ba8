/**
 * The fallback for a stream that was down: re-read the youngest remote accounts and start a run
 * for each whose statuses_count grew since its last analysis. Costs nothing while the stream has
 * stayed up since the last re-read; a few listing calls otherwise.
 */
import type { Kv } from "../kv/port.ts";
import type { Mastodon } from "../mastodon/client.ts";
import { logger } from "../server/log.ts";
import { keys } from "../workflows/store.ts";
import type { StreamState } from "./streaming.ts";
import type { RunStarter } from "./port.ts";

const log = logger("intake", "recheck");
const MAX_PAGES = 5;

/** What a re-read needs. */
export interface RecheckDeps {
  kv: Kv;
  mastodon: Pick<Mastodon, "listAdminAccounts">;
  runs: RunStarter;
  /** The stream's state; undefined when there is no stream at all. */
  stream: () => StreamState | undefined;
  youngWindowMs: number;
  now?: () => number;
}

// Snowflake ids carry milliseconds since the epoch in their upper bits; older ids do not.
const SNOWFLAKE_EPOCH = Date.parse("2016-01-01T00:00:00Z");

function idTime(id: string): number | undefined {
  if (!/^\d{15,20}$/.test(id)) return undefined;
  const ms = Number(BigInt(id) >> 16n);
  return ms > SNOWFLAKE_EPOCH ? ms : undefined;
}

/** Re-reads young remote accounts unless the stream covered the time since the last re-read. */
export async function recheckYoungRemote(
  deps: RecheckDeps,
): Promise<{ skipped: boolean; started: number; calls: number }> {
  const now = (deps.now ?? Date.now)();
  const last = await deps.kv.get<number>(keys.youngRecheckAt());
  const stream = deps.stream();
  const covered = stream?.connected === true && last.value !== null &&
    stream.since.getTime() <= last.value;
  await deps.kv.set(keys.youngRecheckAt(), now);
  if (covered) return { skipped: true, started: 0, calls: 0 };
  let started = 0;
  let calls = 0;
  let maxId: string | undefined;
  pages: for (let page = 0; page < MAX_PAGES; page++) {
    const res = await deps.mastodon.listAdminAccounts({ origin: "remote", limit: 100, maxId });
    calls++;
    for (const a of res.items) {
      // The list is in id order, and a Mastodon id tells when this server first heard of the
      // account: past the window, every account after was known longer still.
      const known = idTime(a.id);
      if (known !== undefined && now - known > deps.youngWindowMs) break pages;
      const young = now - Date.parse(a.created_at) <= deps.youngWindowMs || known !== undefined;
      if (!young) continue;
      const seen = (await deps.kv.get<number>(keys.seenCount(a.id))).value;
      if (seen === null || a.account.statuses_count <= seen) continue;
      await deps.runs.rememberAccount(a);
      const r = await deps.runs.startRun({
        accountId: a.id,
        trigger: "rescan",
        dedupKey: `recheck:${a.id}:${a.account.statuses_count}`,
      });
      if (r.created) started++;
    }
    if (!res.next) break;
    maxId = res.next.maxId;
  }
  if (started > 0) log.info("Re-read young remote accounts: {started} runs started", { started });
  return { skipped: false, started, calls };
}
