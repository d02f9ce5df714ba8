/**
 * One atomic operation of the PostgreSQL store: what it collects (checks, mutations, messages),
 * and how its mutations become the keys' final state and the statements that write it.
 */
import type { Queryable } from "./postgres_kv.ts";
import type { EnqueueOptions, KvAtomic } from "./port.ts";
import { decodeValue, encodeValue } from "./value_codec.ts";

const U64 = 1n << 64n;

/** A mutation as `atomic()` collects it. */
export type Mutation =
  | { type: "set"; key: Deno.KvKey; value: unknown; expireIn?: number }
  | { type: "delete"; key: Deno.KvKey }
  | { type: "sum" | "min" | "max"; key: Deno.KvKey; n: bigint };

/** A message as `atomic()` collects it. */
export interface Message {
  value: unknown;
  options: EnqueueOptions;
}

/** Collects an atomic operation; `commit` hands it to the store. */
export class PgAtomic implements KvAtomic {
  #checks: Deno.AtomicCheck[] = [];
  #mutations: Mutation[] = [];
  #messages: Message[] = [];
  constructor(
    private apply: (
      checks: Deno.AtomicCheck[],
      mutations: Mutation[],
      messages: Message[],
    ) => Promise<Deno.KvCommitResult | Deno.KvCommitError>,
  ) {}

  check(...checks: Deno.AtomicCheck[]): this {
    this.#checks.push(...checks);
    return this;
  }
  set(key: Deno.KvKey, value: unknown, options?: { expireIn?: number }): this {
    this.#mutations.push({ type: "set", key, value, expireIn: options?.expireIn });
    return this;
  }
  delete(key: Deno.KvKey): this {
    this.#mutations.push({ type: "delete", key });
    return this;
  }
  sum(key: Deno.KvKey, n: bigint): this {
    this.#mutations.push({ type: "sum", key, n: BigInt(n) });
    return this;
  }
  min(key: Deno.KvKey, n: bigint): this {
    this.#mutations.push({ type: "min", key, n: BigInt(n) });
    return this;
  }
  max(key: Deno.KvKey, n: bigint): this {
    this.#mutations.push({ type: "max", key, n: BigInt(n) });
    return this;
  }
  mutate(...mutations: Deno.KvMutation[]): this {
    for (const m of mutations) {
      if (m.type === "set") this.set(m.key, m.value, { expireIn: m.expireIn });
      else if (m.type === "delete") this.delete(m.key);
      else this[m.type](m.key, m.value.value);
    }
    return this;
  }
  enqueue(value: unknown, options: EnqueueOptions = {}): this {
    this.#messages.push({ value, options });
    return this;
  }
  commit(): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    return this.apply(this.#checks, this.#mutations, this.#messages);
  }
}

/** A key's state after a commit: its value (and expiry), or deleted. */
export type Final = { text: string; expireIn?: number } | null;

/** Each touched key's state after the mutations, applied in order over what is stored. */
export function finalState(
  writes: (Mutation & { enc: string; text?: string })[],
  stored: Map<string, { value: string }>,
): Map<string, Final> {
  const out = new Map<string, Final>();
  const current = (k: string): Final | undefined =>
    out.has(k) ? out.get(k) : stored.has(k) ? { text: stored.get(k)!.value } : undefined;
  for (const w of writes) {
    if (w.type === "set") out.set(w.enc, { text: w.text!, expireIn: w.expireIn });
    else if (w.type === "delete") out.set(w.enc, null);
    else {
      const was = current(w.enc);
      const old = was ? decodeValue(was.text) : undefined;
      if (old !== undefined && !(old instanceof Deno.KvU64)) {
        throw new TypeError(`Failed to perform '${w.type}' mutation on a non-U64 value`);
      }
      const a = old?.value;
      const n = ((w.n % U64) + U64) % U64;
      const next = a === undefined
        ? n
        : w.type === "sum"
        ? (a + n) % U64
        : w.type === "min"
        ? (a < n ? a : n)
        : (a > n ? a : n);
      out.set(w.enc, { text: encodeValue(new Deno.KvU64(next)) });
    }
  }
  return out;
}

/** Writes the final state of a commit's keys under `versionstamp`. */
export async function writeState(tx: Queryable, versionstamp: string, state: Map<string, Final>) {
  const gone = [...state].filter(([, f]) => f === null).map(([k]) => k);
  const put = [...state].filter(([, f]) => f !== null) as [
    string,
    { text: string; expireIn?: number },
  ][];
  if (gone.length > 0) {
    await tx.unsafe("DELETE FROM kv_entries WHERE key = ANY($1::text[])", [gone]);
  }
  if (put.length === 0) return;
  await tx.unsafe(
    `INSERT INTO kv_entries (key, value, versionstamp, expires_at)
     SELECT k, v, $4::bigint,
       CASE WHEN e < 0 THEN NULL ELSE clock_timestamp() + e * interval '1 millisecond' END
     FROM unnest($1::text[], $2::text[], $3::float8[]) AS t(k, v, e)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,
       versionstamp = EXCLUDED.versionstamp, expires_at = EXCLUDED.expires_at`,
    [
      put.map(([k]) => k),
      put.map(([, f]) => f.text),
      put.map(([, f]) => f.expireIn ?? -1),
      versionstamp,
    ],
  );
}
