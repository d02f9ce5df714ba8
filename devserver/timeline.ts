/**
 * When things happened on the development server's wall clock, for measuring a sidecar's time
 * to report: each account's arrival and its statuses' arrivals, and each acknowledged webhook.
 * Served at GET /_dev/timeline; kept in memory only (a restart starts a new timeline), and
 * bounded by the population.
 */
import type { Json } from "./entities.ts";
import type { AccountEntry, ArrivalBatch } from "./state.ts";
import type { Delivery } from "./webhooks.ts";

/** One account's arrivals, wall-clock ms. */
interface Arrived {
  accountAt?: number;
  statusesAt: number[];
}

/** Arrival times by account id, filled as ticks make the population visible. */
export class ArrivalLog {
  readonly byAccount = new Map<string, Arrived>();

  record(batch: ArrivalBatch, at = Date.now()) {
    for (const a of batch.accounts) this.#of(String(a.admin.id)).accountAt ??= at;
    for (const s of batch.statuses) {
      this.#of(String((s.account as Json).id)).statusesAt.push(at);
    }
  }

  clear() {
    this.byAccount.clear();
  }

  #of(id: string): Arrived {
    let entry = this.byAccount.get(id);
    if (!entry) this.byAccount.set(id, entry = { statusesAt: [] });
    return entry;
  }
}

const iso = (ms: number | undefined) => ms === undefined ? null : new Date(ms).toISOString();

function accountOf(d: Delivery): string | undefined {
  try {
    const object = JSON.parse(d.body).object as Json;
    const account = d.event.startsWith("status.") ? object.account as Json : object;
    return account?.id === undefined ? undefined : String(account.id);
  } catch {
    return undefined;
  }
}

/** GET /_dev/timeline's answer. */
export function timelineJson(
  log: ArrivalLog,
  delivered: readonly Delivery[],
  accounts: ReadonlyMap<string, AccountEntry>,
) {
  return {
    accounts: [...log.byAccount].map(([id, a]) => ({
      id,
      label: accounts.get(id)?.label ?? null,
      local: accounts.get(id)?.admin.domain === null,
      arrived_at: iso(a.accountAt),
      statuses_arrived_at: a.statusesAt.map(iso),
    })),
    webhooks: delivered.filter((d) => d.deliveredAt !== undefined).map((d) => ({
      id: d.id,
      event: d.event,
      account_id: accountOf(d) ?? null,
      delivered_at: iso(d.deliveredAt),
    })),
  };
}
