/** In-memory state of the development server: visible accounts and statuses, arrivals, reports. */
import {
  type AccountModel,
  adminAccountJson,
  CLEAN_FLAGS,
  type Json,
  type RoleModel,
  ROLES,
} from "./entities.ts";
import type { Label, Population, SeedAccount } from "./population/generate.ts";
import { compareIds, SnowflakeIds } from "./random.ts";

/** An account the server knows, with its current Admin::Account JSON and visible statuses. */
export interface AccountEntry {
  /** Present for the server's own fixed accounts, which can post through the API. */
  model: AccountModel | null;
  admin: Json;
  label: Label | "staff";
  /** Visible statuses, oldest first. */
  statuses: Json[];
}

/** Who a token belongs to and what it may do. */
export interface TokenInfo {
  name: string;
  accountId: string;
  scopes: string[];
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

const FIXED: { key: string; username: string; role: RoleModel; bot: boolean; name: string }[] = [
  { key: "admin", username: "admin", role: ROLES.admin, bot: false, name: "Dev Admin" },
  { key: "reporter", username: "mastowatch", role: ROLES.everyone, bot: true, name: "MastoWatch" },
  { key: "moderator", username: "moderator", role: ROLES.moderator, bot: false, name: "Mod" },
  { key: "member", username: "member", role: ROLES.everyone, bot: false, name: "Member" },
];

/** The mutable world of one development server. */
export class DevState {
  readonly accounts = new Map<string, AccountEntry>();
  readonly statuses = new Map<string, { json: Json; accountId: string }>();
  readonly reports: ReportEntry[] = [];
  readonly fixed = new Map<string, AccountEntry>();
  readonly ids = new SnowflakeIds();
  elapsedMs = 0;
  #pending: Arrival[] = [];
  #cursor = 0;

  constructor(readonly population: Population) {
    const base = population.baseUrl;
    FIXED.forEach((f, i) => {
      const createdAt = Date.parse("2022-01-01T00:00:00Z") + i * 1_000 + 17;
      const model: AccountModel = {
        id: this.ids.at(createdAt),
        username: f.username,
        domain: null,
        displayName: f.name,
        note: "",
        avatar: null,
        header: null,
        createdAt,
        followers: 0,
        following: 0,
        statusesCount: 0,
        lastStatusAt: null,
        bot: f.bot,
        locked: false,
        discoverable: false,
        fields: [],
        email: `${f.username}@${new URL(base).hostname}`,
        locale: "en",
        ip: "127.0.0.1",
        role: f.role,
        inviteRequest: null,
      };
      const entry: AccountEntry = {
        model,
        admin: adminAccountJson(model, base, CLEAN_FLAGS),
        label: "staff",
        statuses: [],
      };
      this.fixed.set(f.key, entry);
      this.accounts.set(model.id, entry);
    });
    for (const seed of population.accounts) this.#schedule(seed);
    this.#pending.sort((a, b) => a.atMs - b.atMs || (a.kind === "account" ? -1 : 1));
    this.advance(0);
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

  /** Makes everything due by `untilMs` (after the base time) visible; returns what arrived. */
  advance(untilMs: number): ArrivalBatch {
    const batch: ArrivalBatch = { accounts: [], statuses: [] };
    this.elapsedMs = Math.max(this.elapsedMs, untilMs);
    while (this.#cursor < this.#pending.length) {
      const next = this.#pending[this.#cursor];
      if (next.atMs > this.elapsedMs) break;
      this.#cursor++;
      if (next.kind === "account") {
        const entry: AccountEntry = {
          model: null,
          admin: structuredClone(next.seed.admin),
          label: next.seed.label,
          statuses: [],
        };
        this.accounts.set(entry.admin.id, entry);
        if (next.atMs > 0) batch.accounts.push(entry);
      } else {
        this.addStatus(next.accountId, next.status);
        if (next.atMs > 0) batch.statuses.push(next.status);
      }
    }
    return batch;
  }

  /** Number of arrivals not yet visible. */
  get pendingCount(): number {
    return this.#pending.length - this.#cursor;
  }

  /** Offset of the next arrival, or null when all have arrived. */
  get nextArrivalMs(): number | null {
    return this.#pending[this.#cursor]?.atMs ?? null;
  }

  /** Adds a visible status to its account's timeline, keeping the timeline in id order. */
  addStatus(accountId: string, status: Json) {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    entry.statuses.push(status);
    if (entry.statuses.length > 1) {
      const prev = entry.statuses[entry.statuses.length - 2];
      if (compareIds(prev.id, status.id) > 0) {
        entry.statuses.sort((a, b) => compareIds(a.id, b.id));
      }
    }
    this.statuses.set(status.id, { json: status, accountId });
  }

  /** Removes a status (DELETE /api/v1/statuses/:id). */
  removeStatus(id: string) {
    const found = this.statuses.get(id);
    if (!found) return;
    this.statuses.delete(id);
    const entry = this.accounts.get(found.accountId);
    if (entry) entry.statuses = entry.statuses.filter((s) => s.id !== id);
  }

  /** The fixed account behind a key: admin, reporter, moderator or member. */
  fixedAccount(key: "admin" | "reporter" | "moderator" | "member"): AccountEntry {
    return this.fixed.get(key)!;
  }
}
