/**
 * The development server's world in a SQLite file (node:sqlite, synchronous, so the state's API
 * stays synchronous). WAL with synchronous=NORMAL: a committed transaction survives a killed
 * process. The file is locked while open, so two servers never share one world.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { OAuthCode, TokenInfo } from "./credentials.ts";
import type { StoredAccount, StoredStatus, StoredWorld, WorldParams, WorldStore } from "./store.ts";
import type { ReportEntry } from "./state.ts";
import type { Delivery } from "./webhooks.ts";
import { WorldUnavailable } from "./world.ts";

const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS world (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, label TEXT NOT NULL, admin TEXT NOT NULL, model TEXT
  );
  CREATE TABLE IF NOT EXISTS statuses (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, account_id TEXT NOT NULL, json TEXT NOT NULL,
    source TEXT, deleted INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, entry TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, info TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS oauth_codes (code TEXT PRIMARY KEY, grant_json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS webhooks (id INTEGER PRIMARY KEY, delivery TEXT NOT NULL);
`;

const TABLES = ["world", "accounts", "statuses", "reports", "tokens", "oauth_codes", "webhooks"];

type Row = Record<string, SQLInputValue>;

/** Opens (creating if needed) the world kept under `dataDir`, in `world.sqlite`. */
export function openSqliteStore(dataDir: string): WorldStore {
  Deno.mkdirSync(dataDir, { recursive: true });
  return new SqliteStore(`${dataDir.replace(/\/+$/, "")}/world.sqlite`);
}

class SqliteStore implements WorldStore {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #depth = 0;
  #open = true;

  constructor(readonly location: string) {
    this.#db = new DatabaseSync(location);
    try {
      // Exclusive locking before WAL: no shared-memory index, and the lock is held from the
      // first write on, so a second server on the same directory is refused, not mixed in.
      this.#db.exec("PRAGMA locking_mode = EXCLUSIVE; PRAGMA busy_timeout = 100;");
      this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      this.#db.exec("BEGIN IMMEDIATE; COMMIT;");
    } catch (err) {
      this.#db.close();
      throw new WorldUnavailable(
        `${location} is in use by another development server (${(err as Error).message}); ` +
          `stop it, or give this one another DEVSERVER_DATA_DIR`,
      );
    }
    const version = Number(this.#one("PRAGMA user_version")?.user_version ?? 0);
    if (version !== 0 && version !== SCHEMA_VERSION) {
      this.#db.close();
      throw new WorldUnavailable(
        `${location} was written by another version of the development server (schema ` +
          `${version}, this one reads ${SCHEMA_VERSION}); delete it to start afresh`,
      );
    }
    this.#db.exec(SCHEMA);
    this.#db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  }

  load(): StoredWorld | null {
    const world = new Map(
      this.#all("SELECT key, value FROM world").map((r) => [String(r.key), String(r.value)]),
    );
    const params = world.get("params");
    if (!params) return null;
    const parse = (v: SQLInputValue) => JSON.parse(String(v));
    return {
      params: JSON.parse(params) as WorldParams,
      elapsedMs: Number(world.get("elapsed_ms") ?? 0),
      secretsIssued: Number(world.get("secrets_issued") ?? 0),
      accounts: this.#all("SELECT * FROM accounts ORDER BY seq").map((r) => ({
        seq: Number(r.seq),
        label: String(r.label) as StoredAccount["label"],
        admin: parse(r.admin),
        model: r.model === null ? null : parse(r.model),
      })),
      statuses: this.#all("SELECT * FROM statuses ORDER BY seq").map((r) => ({
        seq: Number(r.seq),
        accountId: String(r.account_id),
        json: parse(r.json),
        source: r.source === null ? null : String(r.source),
        deleted: r.deleted === 1,
      })),
      reports: this.#all("SELECT entry FROM reports ORDER BY id").map((r) => parse(r.entry)),
      tokens: this.#all("SELECT * FROM tokens").map((r) => [String(r.token), parse(r.info)]),
      codes: this.#all("SELECT * FROM oauth_codes").map((r) => [
        String(r.code),
        parse(r.grant_json),
      ]),
      webhooks: this.#all("SELECT delivery FROM webhooks ORDER BY id").map((r) =>
        parse(r.delivery)
      ),
    };
  }

  create(params: WorldParams) {
    this.transaction(() => {
      for (const table of TABLES) this.#db.exec(`DELETE FROM ${table}`);
      this.#setWorld("params", JSON.stringify(params));
    });
  }

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#db.exec("BEGIN IMMEDIATE");
    this.#depth++;
    try {
      const out = fn();
      if (out instanceof Promise) throw new Error("transaction() takes a synchronous function");
      this.#db.exec("COMMIT");
      return out;
    } catch (err) {
      this.#db.exec("ROLLBACK");
      throw err;
    } finally {
      this.#depth--;
    }
  }

  putAccount(a: StoredAccount) {
    this.#run(
      "INSERT OR REPLACE INTO accounts (id, seq, label, admin, model) VALUES (?, ?, ?, ?, ?)",
      a.admin.id,
      a.seq,
      a.label,
      JSON.stringify(a.admin),
      a.model === null ? null : JSON.stringify(a.model),
    );
  }

  putStatus(id: string, s: StoredStatus) {
    this.#run(
      "INSERT OR REPLACE INTO statuses (id, seq, account_id, json, source, deleted) " +
        "VALUES (?, ?, ?, ?, ?, ?)",
      id,
      s.seq,
      s.accountId,
      JSON.stringify(s.json),
      s.source,
      s.deleted ? 1 : 0,
    );
  }

  deleteStatus(id: string) {
    this.#run("UPDATE statuses SET deleted = 1 WHERE id = ?", id);
  }

  putReport(r: ReportEntry) {
    this.#run("INSERT OR REPLACE INTO reports (id, entry) VALUES (?, ?)", Number(r.id), json(r));
  }

  putToken(token: string, info: TokenInfo) {
    this.#run("INSERT OR REPLACE INTO tokens (token, info) VALUES (?, ?)", token, json(info));
  }

  deleteToken(token: string) {
    this.#run("DELETE FROM tokens WHERE token = ?", token);
  }

  putCode(code: string, grant: OAuthCode) {
    this.#run(
      "INSERT OR REPLACE INTO oauth_codes (code, grant_json) VALUES (?, ?)",
      code,
      json(grant),
    );
  }

  deleteCode(code: string) {
    this.#run("DELETE FROM oauth_codes WHERE code = ?", code);
  }

  putWebhook(d: Delivery) {
    this.#run("INSERT OR REPLACE INTO webhooks (id, delivery) VALUES (?, ?)", d.id, json(d));
  }

  deleteWebhook(id: number) {
    this.#run("DELETE FROM webhooks WHERE id = ?", id);
  }

  setProgress(p: { elapsedMs?: number; secretsIssued?: number }) {
    if (p.elapsedMs !== undefined) this.#setWorld("elapsed_ms", String(p.elapsedMs));
    if (p.secretsIssued !== undefined) this.#setWorld("secrets_issued", String(p.secretsIssued));
  }

  close() {
    if (!this.#open) return;
    this.#open = false;
    this.#db.close();
  }

  #setWorld(key: string, value: string) {
    this.#run("INSERT OR REPLACE INTO world (key, value) VALUES (?, ?)", key, value);
  }

  #statement(sql: string): StatementSync {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  #run(sql: string, ...params: SQLInputValue[]) {
    this.#statement(sql).run(...params);
  }

  #one(sql: string): Row | undefined {
    return this.#db.prepare(sql).get() as Row | undefined;
  }

  #all(sql: string): Row[] {
    return this.#statement(sql).all() as Row[];
  }
}

function json(v: unknown): string {
  return JSON.stringify(v);
}
