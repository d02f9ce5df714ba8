/**
 * The PostgreSQL adapter of the storage port (QUEUE=postgres): Deno KV's semantics on a versioned
 * key/value table (migration 0007), so that N processes share workflow state and the queue.
 * A commit is one transaction: it locks every key it checks or writes (advisory locks, in one
 * order, so commits never deadlock), fails whole when a checked versionstamp has changed, takes
 * its versionstamp only once its keys are locked (so a key's versionstamps only grow), and sends
 * its queue messages in the same transaction, so a message exists exactly when its state does.
 */
import type { Sql } from "../db/connect.ts";
import { decodeKey, encodeKey, prefixRange } from "./key_codec.ts";
import { decodeValue, encodeValue } from "./value_codec.ts";
import type { EnqueueOptions, Kv, KvAtomic } from "./port.ts";
import {
  finalState,
  type Message,
  type Mutation,
  PgAtomic,
  writeState,
} from "./postgres_atomic.ts";

/** What runs a statement: the pool, or a commit's transaction. */
export type Queryable = Pick<Sql, "unsafe">;

/** The queue behind the adapter: sends inside a commit's transaction, delivers at least once. */
export interface TxQueue {
  /** Settles once sends can run; awaited before a commit with messages takes a connection. */
  start(): Promise<void>;
  send(tx: Queryable, message: unknown, options: EnqueueOptions): Promise<void>;
  /** Called after a commit that sent messages due now, to deliver them without a poll's wait. */
  wake(): void;
  listen(
    handler: (message: unknown) => Promise<void> | void,
    onUndelivered: (keys: Deno.KvKey[], message: unknown) => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

// The two-key form of advisory locks: a space apart from single-key locks (migrations, pg-boss).
const LOCK_CLASS = 0x4d57;
const SWEEP_MS = 60_000;
const LIST_BATCH = 500;
const LIVE = "(expires_at IS NULL OR expires_at > clock_timestamp())";
const IDLE_TX_TIMEOUT = "30s";

interface Row {
  key: string;
  value: string;
  versionstamp: string;
}

class CheckFailed extends Error {}

/** Deno KV's interface over PostgreSQL and a transactional queue. */
export class PostgresKv implements Kv {
  #sweeper: ReturnType<typeof setInterval>;
  #closing?: Promise<void>;

  constructor(readonly sql: Sql, readonly queue: TxQueue) {
    this.#sweeper = setInterval(() => void this.sweepExpired().catch(() => {}), SWEEP_MS);
    Deno.unrefTimer(Number(this.#sweeper));
  }

  async get<T = unknown>(key: Deno.KvKey): Promise<Deno.KvEntryMaybe<T>> {
    const k = encodeKey(key);
    const rows = await this.sql.unsafe<Row[]>(
      `SELECT key, value, versionstamp::text FROM kv_entries WHERE key = $1 AND ${LIVE}`,
      [k],
    );
    return rows.length ? entryOf<T>(rows[0]) : { key, value: null, versionstamp: null };
  }

  async getMany<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: Deno.KvKey }],
  ): Promise<{ [K in keyof T]: Deno.KvEntryMaybe<T[K]> }> {
    const encoded = keys.map((k) => encodeKey(k as Deno.KvKey));
    const rows = await this.sql.unsafe<Row[]>(
      `SELECT key, value, versionstamp::text FROM kv_entries WHERE key = ANY($1::text[]) AND ${LIVE}`,
      [encoded],
    );
    const found = new Map(rows.map((r) => [r.key, r]));
    return keys.map((key, i) => {
      const row = found.get(encoded[i]);
      return row ? entryOf(row) : { key, value: null, versionstamp: null };
    }) as { [K in keyof T]: Deno.KvEntryMaybe<T[K]> };
  }

  async set(key: Deno.KvKey, value: unknown, options?: { expireIn?: number }) {
    return await this.atomic().set(key, value, options).commit() as Deno.KvCommitResult;
  }

  async delete(key: Deno.KvKey): Promise<void> {
    await this.atomic().delete(key).commit();
  }

  async enqueue(value: unknown, options?: EnqueueOptions) {
    return await this.atomic().enqueue(value, options).commit() as Deno.KvCommitResult;
  }

  async *list<T = unknown>(
    selector: Deno.KvListSelector,
    options: Deno.KvListOptions = {},
  ): AsyncIterableIterator<Deno.KvEntry<T>> {
    if (options.cursor) throw new TypeError("list cursors are not supported by this store");
    let [from, to] = bounds(selector);
    let left = options.limit ?? Infinity;
    const order = options.reverse ? "DESC" : "ASC";
    while (left > 0) {
      const n = Math.min(left, options.batchSize ?? LIST_BATCH);
      const rows = await this.sql.unsafe<Row[]>(
        `SELECT key, value, versionstamp::text FROM kv_entries
         WHERE key >= $1 AND key < $2 AND ${LIVE} ORDER BY key ${order} LIMIT ${n}`,
        [from, to],
      );
      for (const row of rows) yield entryOf<T>(row) as Deno.KvEntry<T>;
      left -= rows.length;
      if (rows.length < n) return;
      const last = rows[rows.length - 1].key;
      // The next key after `last` in hex: no hex key lies between `last` and `last` + "0".
      if (options.reverse) to = last;
      else from = `${last}0`;
    }
  }

  atomic(): KvAtomic {
    return new PgAtomic((checks, mutations, messages) => this.apply(checks, mutations, messages));
  }

  listenQueue(handler: (value: unknown) => Promise<void> | void): Promise<void> {
    return this.queue.listen(handler, async (keys, message) => {
      const op = this.atomic();
      for (const key of keys) op.set(key, message);
      await op.commit();
    });
  }

  /** Stops delivering; resolves once the queue has stopped. */
  shutdown(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#closing ??= this.queue.close();
    return this.#closing;
  }

  close(): void {
    void this.shutdown().catch(() => {});
  }

  /** Deletes entries past their expiry (reads already skip them); returns how many. */
  async sweepExpired(): Promise<number> {
    const res = await this.sql`DELETE FROM kv_entries WHERE key IN (
      SELECT key FROM kv_entries WHERE expires_at <= clock_timestamp() LIMIT 5000)`;
    return res.count;
  }

  /** Applies one atomic operation; see the file's comment for why it is sound. */
  async apply(checks: Deno.AtomicCheck[], mutations: Mutation[], messages: Message[]) {
    // Encoded first: a key or value the store cannot hold fails before any write.
    const checked = checks.map((c) => ({ key: encodeKey(c.key), versionstamp: c.versionstamp }));
    const writes = mutations.map((m) => ({
      ...m,
      enc: encodeKey(m.key),
      text: m.type === "set" ? encodeValue(m.value) : undefined,
    }));
    const touched = [...new Set([...checked.map((c) => c.key), ...writes.map((w) => w.enc)])];
    const locks = [...new Set(touched.map(lockOf))].sort((a, b) => a - b);
    // Before the transaction: starting the queue needs connections of the pool it would hold.
    if (messages.length > 0) await this.queue.start();
    try {
      const versionstamp = await this.sql.begin(async (tx) => {
        // A commit whose COMMIT the driver lost (porsager/postgres#1208) would hold its locks
        // forever: the server ends such a transaction, and its connection, after a while.
        await tx.unsafe(
          `SELECT set_config('idle_in_transaction_session_timeout', '${IDLE_TX_TIMEOUT}', true),
             (SELECT count(pg_advisory_xact_lock(${LOCK_CLASS}, x)) FROM unnest($1::int[]) AS x)`,
          [locks],
        );
        const rows = touched.length === 0 ? [] : await tx.unsafe<Row[]>(
          `SELECT key, value, versionstamp::text FROM kv_entries
           WHERE key = ANY($1::text[]) AND ${LIVE}`,
          [touched],
        );
        const now = new Map(rows.map((r) => [r.key, r]));
        for (const c of checked) {
          const at = now.get(c.key);
          if ((at ? stampOf(at.versionstamp) : null) !== c.versionstamp) throw new CheckFailed();
        }
        const [{ v }] = await tx.unsafe<{ v: string }[]>(
          "SELECT nextval('kv_versionstamps')::text AS v",
        );
        await writeState(tx, v, finalState(writes, now));
        for (const m of messages) await this.queue.send(tx, m.value, m.options);
        return stampOf(v);
      });
      if (messages.some((m) => !m.options.delay)) this.queue.wake();
      return { ok: true as const, versionstamp };
    } catch (err) {
      if (err instanceof CheckFailed) return { ok: false as const };
      throw err;
    }
  }
}

function bounds(selector: Deno.KvListSelector): [string, string] {
  if ("prefix" in selector) {
    const [from, to] = prefixRange(selector.prefix);
    const s = selector as { start?: Deno.KvKey; end?: Deno.KvKey };
    return [s.start ? encodeKey(s.start) : from, s.end ? encodeKey(s.end) : to];
  }
  return [encodeKey(selector.start), encodeKey(selector.end)];
}

function entryOf<T>(row: Row): Deno.KvEntryMaybe<T> {
  return {
    key: decodeKey(row.key),
    value: decodeValue(row.value) as T,
    versionstamp: stampOf(row.versionstamp),
  };
}

/** Deno KV's versionstamp form: 20 hex digits. */
function stampOf(n: string): string {
  return BigInt(n).toString(16).padStart(20, "0");
}

/** A 32-bit FNV-1a hash of the encoded key, as a signed int for pg_advisory_xact_lock. */
function lockOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
