/**
 * The world of the development server: visible accounts and statuses, arrivals, reports and
 * credentials. Every change writes through to the store, so a restart continues where it was.
 */
import { Credentials } from "./credentials.ts";
import type { AccountModel, Json } from "./entities.ts";
import { fixedAccounts, type FixedKey } from "./fixed_accounts.ts";
import type { Label, Population, SeedAccount } from "./population/generate.ts";
import { compareIds, SnowflakeIds } from "./random.ts";
import { memoryStore, type StoredWorld, type WorldStore } from "./store.ts";

/** An account the server knows, with its current Admin::Account JSON and visible statuses. */
export interface AccountEntry {
  /** Present for the server's own fixed accounts, which can post through the API. */
  model: AccountModel | null;
  admin: Json;
  label: Label | "staff";
  /** Visible statuses, oldest first. */
  statuses: Json[];
}

/** A report as the server keeps it. */
export interface ReportEntry {
  id: string;
  accountId: string;
  targetAccountId: string;
  statusIds: string[];
  ruleIds: string[];
  comment: string;
  category: string;
  forwarded: boolean;
  createdAt: number;
  updatedAt: number;
  actionTakenAt: number | null;
  actionTakenById: string | null;
  assignedAccountId: string | null;
  /** Closed by a moderator; with action_taken false this is a dismissal. */
  resolved: boolean;
  /** The moderator's decision as recorded by the dev endpoint (none, silence, suspend...). */
  action: string | null;
}

type Arrival =
  | { atMs: number; kind: "account"; seed: SeedAccount }
  | { atMs: number; kind: "status"; accountId: string; status: Json };

/** What became visible in one advance of the clock. */
export interface ArrivalBatch {
  accounts: AccountEntry[];
  statuses: Json[];
}

/** The mutable world of one development server. */
export class DevState {
  readonly accounts = new Map<string, AccountEntry>();
  readonly statuses = new Map<string, { json: Json; accountId: string }>();
  readonly reports: ReportEntry[] = [];
  readonly fixed = new Map<FixedKey, AccountEntry>();
  readonly ids = new SnowflakeIds();
  readonly credentials: Credentials;
  elapsedMs = 0;
  #pending: Arrival[] = [];
  #cursor = 0;
  /** Position of each account in arrival order, as stored (statuses get theirs on arrival). */
  #accountSeq = new Map<string, number>();
  #nextSeq = 0;
  #sources = new Map<string, string>();
  #nextReportId = 1;

  constructor(
    readonly population: Population,
    private store: WorldStore = memoryStore,
    stored: StoredWorld | null = null,
  ) {
    // Ids the population will use are taken, so objects created through the API never clash.
    for (const seed of population.accounts) {
      this.ids.reserve(seed.admin.id);
      for (const status of seed.statuses) reserveStatusIds(this.ids, status);
    }
    for (const [key, entry] of fixedAccounts(population, this.ids)) this.#addFixed(key, entry);
    this.credentials = new Credentials(
      population.seed,
      {
        adminId: this.fixedAccount("admin").admin.id,
        reporterId: this.fixedAccount("reporter").admin.id,
      },
      store,
      stored ?? undefined,
    );
    for (const seed of population.accounts) this.#schedule(seed);
    this.#pending.sort((a, b) => a.atMs - b.atMs || (a.kind === "account" ? -1 : 1));
    if (stored) this.#restore(stored);
    else {
      store.transaction(() => {
        for (const entry of this.fixed.values()) this.saveAccount(entry);
        this.advance(0);
      });
    }
  }

  #addFixed(key: FixedKey, entry: AccountEntry) {
    this.fixed.set(key, entry);
    this.#accountSeq.set(entry.admin.id, this.#nextSeq++);
    this.accounts.set(entry.admin.id, entry);
  }

  #schedule(seed: SeedAccount) {
    const at = seed.arrivesAtMs;
    this.#pending.push({ atMs: at, kind: "account", seed });
    for (const status of seed.statuses) {
      const offset = Date.parse(status.created_at) - this.population.baseTime;
      this.#pending.push({
        atMs: Math.max(at, offset, 0),
        kind: "status",
        accountId: seed.admin.id,
        status,
      });
    }
  }

  /** Puts the stored world back: what had arrived, as it was last changed. */
  #restore(stored: StoredWorld) {
    for (const a of stored.accounts) {
      const entry: AccountEntry = { model: a.model, admin: a.admin, label: a.label, statuses: [] };
      this.ids.reserve(a.admin.id);
      this.#accountSeq.set(a.admin.id, a.seq);
      this.accounts.set(a.admin.id, entry);
    }
    for (const [key, entry] of this.fixed) this.fixed.set(key, this.accounts.get(entry.admin.id)!);
    for (const s of stored.statuses) {
      reserveStatusIds(this.ids, s.json);
      if (s.source !== null) this.#sources.set(s.json.id, s.source);
      if (!s.deleted) this.#showStatus(s.accountId, s.json);
    }
    const seqs = [...stored.accounts, ...stored.statuses].map((x) => x.seq);
    this.#nextSeq = seqs.reduce((a, b) => Math.max(a, b), -1) + 1;
    this.reports.push(...stored.reports);
    this.#nextReportId = stored.reports.reduce((n, r) => Math.max(n, Number(r.id)), 0) + 1;
    // What was due by the stored progress has arrived and is among the stored rows.
    this.elapsedMs = stored.elapsedMs;
    while ((this.nextArrivalMs ?? Infinity) <= this.elapsedMs) this.#cursor++;
  }

  /** Runs fn as one transaction of the store: all of its changes persist, or none. */
  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  /** Makes everything due by `untilMs` (after the base time) visible; returns what arrived. */
  advance(untilMs: number): ArrivalBatch {
    const batch: ArrivalBatch = { accounts: [], statuses: [] };
    const target = Math.max(this.elapsedMs, untilMs);
    if (target === this.elapsedMs && (this.nextArrivalMs ?? Infinity) > target) return batch;
    return this.store.transaction(() => {
      this.elapsedMs = target;
      while (this.#cursor < this.#pending.length) {
        const next = this.#pending[this.#cursor];
        if (next.atMs > this.elapsedMs) break;
        this.#cursor++;
        if (next.kind === "account") {
          const admin = structuredClone(next.seed.admin);
          // As on a real server, the count grows as the statuses arrive: it starts with the
          // history before the window (a remote account's earlier posts).
          admin.account.statuses_count -= next.seed.statuses.length;
          const entry: AccountEntry = { model: null, admin, label: next.seed.label, statuses: [] };
          this.#putAccount(entry);
          if (next.atMs > 0) batch.accounts.push(entry);
        } else {
          const status = this.#counted(next.accountId, next.status);
          this.addStatus(next.accountId, status);
          if (next.atMs > 0) batch.statuses.push(status);
        }
      }
      this.store.setProgress({ elapsedMs: this.elapsedMs });
      return batch;
    });
  }

  /** The arriving status as Mastodon renders it then: its account's count includes it. */
  #counted(accountId: string, status: Json): Json {
    const entry = this.accounts.get(accountId);
    if (!entry) return status;
    entry.admin.account.statuses_count += 1;
    entry.admin.account.last_status_at = status.created_at.slice(0, 10);
    this.saveAccount(entry);
    return {
      ...status,
      account: { ...status.account, statuses_count: entry.admin.account.statuses_count },
    };
  }

  /** Number of arrivals not yet visible. */
  get pendingCount(): number {
    return this.#pending.length - this.#cursor;
  }

  /** Offset of the next arrival, or null when all have arrived. */
  get nextArrivalMs(): number | null {
    return this.#pending[this.#cursor]?.atMs ?? null;
  }

  /** Adds a visible status to its account's timeline; `source` is the text it was posted with. */
  addStatus(accountId: string, status: Json, source: string | null = null) {
    if (!this.#showStatus(accountId, status)) return;
    const seq = this.#nextSeq++;
    if (source !== null) this.#sources.set(status.id, source);
    this.store.putStatus(status.id, { seq, accountId, json: status, source, deleted: false });
  }

  /** Keeps the timeline in id order; false when the account is unknown. */
  #showStatus(accountId: string, status: Json): boolean {
    const entry = this.accounts.get(accountId);
    if (!entry) return false;
    entry.statuses.push(status);
    if (entry.statuses.length > 1) {
      const prev = entry.statuses[entry.statuses.length - 2];
      if (compareIds(prev.id, status.id) > 0) {
        entry.statuses.sort((a, b) => compareIds(a.id, b.id));
      }
    }
    this.statuses.set(status.id, { json: status, accountId });
    return true;
  }

  /** The text a status was posted with through the API, if it was. */
  source(id: string): string | undefined {
    return this.#sources.get(id);
  }

  /** Removes a status (DELETE /api/v1/statuses/:id); its id stays taken. */
  removeStatus(id: string) {
    const found = this.statuses.get(id);
    if (!found) return;
    this.statuses.delete(id);
    const entry = this.accounts.get(found.accountId);
    if (entry) entry.statuses = entry.statuses.filter((s) => s.id !== id);
    this.store.deleteStatus(id);
  }

  #putAccount(entry: AccountEntry) {
    const id = entry.admin.id;
    if (!this.#accountSeq.has(id)) this.#accountSeq.set(id, this.#nextSeq++);
    this.accounts.set(id, entry);
    this.saveAccount(entry);
  }

  /** Writes an account's current state (after a moderator's action or a new post). */
  saveAccount(entry: AccountEntry) {
    const seq = this.#accountSeq.get(entry.admin.id)!;
    this.store.putAccount({ seq, label: entry.label, admin: entry.admin, model: entry.model });
  }

  /** Files a report under the next id; ids continue across restarts and are never reused. */
  addReport(fields: Omit<ReportEntry, "id">): ReportEntry {
    const entry: ReportEntry = { id: String(this.#nextReportId++), ...fields };
    this.reports.push(entry);
    this.store.putReport(entry);
    return entry;
  }

  /** The report with an id. */
  report(id: string): ReportEntry | undefined {
    return this.reports.find((r) => r.id === id);
  }

  /** Writes a report's current state (after a transition). */
  saveReport(report: ReportEntry) {
    this.store.putReport(report);
  }

  /** The fixed account behind a key: admin, reporter, moderator or member. */
  fixedAccount(key: FixedKey): AccountEntry {
    return this.fixed.get(key)!;
  }
}

function reserveStatusIds(ids: SnowflakeIds, status: Json) {
  ids.reserve(status.id);
  for (const m of status.media_attachments ?? []) ids.reserve(m.id);
}
