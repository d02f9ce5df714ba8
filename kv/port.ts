/**
 * The storage port of workflow state and the queue: the part of Deno.Kv the service uses. Deno KV
 * itself is one adapter (one process); `PostgresKv` is the other (N processes on one PostgreSQL).
 * Written as a structural subset, so a `Deno.Kv` is a `Kv` as it is (and a `KvAtomic` has every
 * member of a `Deno.AtomicOperation`).
 */

/** Options of a queued message: a delay, and where it lands if it is never delivered. */
export interface EnqueueOptions {
  delay?: number;
  keysIfUndelivered?: Deno.KvKey[];
}

/** One atomic commit: checks, then mutations and messages, all applied or none. */
export interface KvAtomic {
  check(...checks: Deno.AtomicCheck[]): this;
  set(key: Deno.KvKey, value: unknown, options?: { expireIn?: number }): this;
  delete(key: Deno.KvKey): this;
  sum(key: Deno.KvKey, n: bigint): this;
  min(key: Deno.KvKey, n: bigint): this;
  max(key: Deno.KvKey, n: bigint): this;
  mutate(...mutations: Deno.KvMutation[]): this;
  enqueue(value: unknown, options?: EnqueueOptions): this;
  commit(): Promise<Deno.KvCommitResult | Deno.KvCommitError>;
}

/** The key/value store with its queue. */
export interface Kv {
  get<T = unknown>(key: Deno.KvKey): Promise<Deno.KvEntryMaybe<T>>;
  getMany<T extends readonly unknown[]>(
    keys: readonly [...{ [K in keyof T]: Deno.KvKey }],
  ): Promise<{ [K in keyof T]: Deno.KvEntryMaybe<T[K]> }>;
  set(
    key: Deno.KvKey,
    value: unknown,
    options?: { expireIn?: number },
  ): Promise<Deno.KvCommitResult>;
  delete(key: Deno.KvKey): Promise<void>;
  list<T = unknown>(
    selector: Deno.KvListSelector,
    options?: Deno.KvListOptions,
  ): AsyncIterableIterator<Deno.KvEntry<T>>;
  atomic(): KvAtomic;
  enqueue(value: unknown, options?: EnqueueOptions): Promise<Deno.KvCommitResult>;
  /** Delivers each message at least once; a handler that throws has it delivered again. */
  listenQueue(handler: (value: unknown) => Promise<void> | void): Promise<void>;
  close(): void;
}
