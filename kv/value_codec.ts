/**
 * KV values as JSON text: what Deno KV stores by structured clone (bytes, bigints, KvU64 counters,
 * dates, undefined) is written as a tagged object and read back as it was.
 */

const TAG = "$kv";

type Tagged =
  | null
  | boolean
  | number
  | string
  | Tagged[]
  | { [k: string]: Tagged };

/** The JSON text of a value. */
export function encodeValue(value: unknown): string {
  // Deno KV keeps a KvU64 only as a whole value; nested, it is cloned as a plain object.
  if (value instanceof Deno.KvU64) return JSON.stringify({ [TAG]: "u64", v: String(value.value) });
  return JSON.stringify(toTagged(value));
}

/** The value of JSON text made by `encodeValue`. */
export function decodeValue(text: string): unknown {
  return fromTagged(JSON.parse(text));
}

/** A JSON-safe copy of `value`, for a column of its own (a queue message's data). */
export function toTagged(value: unknown): Tagged {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : { [TAG]: "num", v: String(value) };
  }
  if (value === undefined) return { [TAG]: "undef" };
  if (typeof value === "bigint") return { [TAG]: "big", v: value.toString() };
  if (value instanceof Deno.KvU64) return toTagged({ value: value.value });
  if (value instanceof Uint8Array) return { [TAG]: "u8", v: toBase64(value) };
  if (value instanceof Date) return { [TAG]: "date", v: value.toISOString() };
  if (Array.isArray(value)) return value.map(toTagged);
  if (typeof value === "object") {
    const out: Record<string, Tagged> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toTagged(v);
    // An ordinary object that happens to use the tag's name is wrapped, so it reads back as is.
    return TAG in out ? { [TAG]: "obj", v: out } : out;
  }
  throw new TypeError(`a KV value cannot hold a ${typeof value}`);
}

/** The value a `toTagged` copy stands for. */
export function fromTagged(t: unknown): unknown {
  if (t === null || typeof t !== "object") return t;
  if (Array.isArray(t)) return t.map(fromTagged);
  const o = t as Record<string, unknown>;
  if (typeof o[TAG] === "string") {
    const v = o.v;
    switch (o[TAG]) {
      case "undef":
        return undefined;
      case "num":
        return Number(v);
      case "big":
        return BigInt(v as string);
      case "u64":
        return new Deno.KvU64(BigInt(v as string));
      case "u8":
        return fromBase64(v as string);
      case "date":
        return new Date(v as string);
      case "obj":
        return mapValues(v as Record<string, unknown>);
    }
  }
  return mapValues(o);
}

function mapValues(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = fromTagged(v);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
