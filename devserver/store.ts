/**
 * Where the development server keeps its world between starts: one method per change, so the
 * state writes through as it changes. Two adapters: `memoryStore` (nothing outlives the process,
 * for tests) and the SQLite file of `sqlite_store.ts`.
 */
import type { OAuthCode, StoredCredentials, TokenInfo } from "./credentials.ts";
import type { Json } from "./entities.ts";
import type { Label } from "./population/generate.ts";
import type { AccountEntry, ReportEntry } from "./state.ts";
import type { Delivery } from "./webhooks.ts";

/** What makes one world: fixed at its first start, kept across restarts, new on a reset. */
export interface WorldParams {
  seed: number;
  baseUrl: string;
  /** Start of the simulated window, chosen from the clock at the first start. */
  baseTime: number;
  windowMs: number;
  ordinaryAccounts: number;
  waves: boolean;
  hardCases: boolean;
  /** Simulated ms per wall-clock ms of realtime arrivals. */
  arrivalSpeed: number;
  /** Wall-clock time of the first start: the realtime arrival clock runs from here. */
  firstStartedAt: number;
}

/** An account as stored: its position among the accounts, label, Admin::Account and model. */
export interface StoredAccount {
  seq: number;
  label: Label | "staff";
  admin: Json;
  model: AccountEntry["model"];
}

/** A status as stored; deleted ones stay, so that their ids are never handed out again. */
export interface StoredStatus {
  seq: number;
  accountId: string;
  json: Json;
  /** The text it was posted with, for statuses created through the API. */
  source: string | null;
  deleted: boolean;
}

/** Everything a stored world holds. */
export interface StoredWorld extends StoredCredentials {
  params: WorldParams;
  /** How far arrivals have advanced (ms after the base time). */
  elapsedMs: number;
  accounts: StoredAccount[];
  statuses: StoredStatus[];
  reports: ReportEntry[];
  webhooks: Delivery[];
}

/** The persistence port of the development server. */
export interface WorldStore {
  /** Where the world is kept, for messages. */
  readonly location: string;
  /** The stored world, or null when none was created yet. */
  load(): StoredWorld | null;
  /** Forgets any stored world and records the parameters of a new one. */
  create(params: WorldParams): void;
  /** Runs fn in one transaction; nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  putAccount(account: StoredAccount): void;
  putStatus(id: string, status: StoredStatus): void;
  deleteStatus(id: string): void;
  putReport(report: ReportEntry): void;
  putToken(token: string, info: TokenInfo): void;
  deleteToken(token: string): void;
  putCode(code: string, grant: OAuthCode): void;
  deleteCode(code: string): void;
  putWebhook(delivery: Delivery): void;
  deleteWebhook(id: number): void;
  setProgress(progress: { elapsedMs?: number; secretsIssued?: number }): void;
  close(): void;
}

/** The in-memory adapter: the state in memory is all there is, so it keeps nothing. */
export const memoryStore: WorldStore = {
  location: "memory",
  load: () => null,
  create() {},
  transaction: (fn) => fn(),
  putAccount() {},
  putStatus() {},
  deleteStatus() {},
  putReport() {},
  putToken() {},
  deleteToken() {},
  putCode() {},
  deleteCode() {},
  putWebhook() {},
  deleteWebhook() {},
  setProgress() {},
  close() {},
};
