/**
 * KV keys as bytes whose order is Deno KV's key order: parts compare in turn, types order as
 * bytes < string < bigint < number < boolean, and a key sorts before every longer key it is a
 * prefix of. Stored in PostgreSQL as lowercase hex compared with the C collation, so SQL range
 * scans list by prefix, range and direction exactly as Deno KV does.
 */

const BYTES = 0x01;
const STRING = 0x02;
const BIGINT = 0x14;
const NUMBER = 0x21;
const FALSE = 0x26;
const TRUE = 0x27;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Encodes a key as order-preserving hex. */
export function encodeKey(key: Deno.KvKey): string {
  const out: number[] = [];
  for (const part of key) encodePart(part, out);
  return toHex(out);
}

/** The hex bounds [from, to) of every key that starts with `prefix` (the prefix itself excluded). */
export function prefixRange(prefix: Deno.KvKey): [string, string] {
  const p = encodeKey(prefix);
  return [`${p}00`, `${p}ff`];
}

/** Decodes hex made by `encodeKey`. */
export function decodeKey(hex: string): Deno.KvKey {
  const bytes = fromHex(hex);
  const key: Deno.KvKeyPart[] = [];
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i++];
    if (type === BYTES || type === STRING) {
      const [raw, next] = readEscaped(bytes, i);
      i = next;
      key.push(type === BYTES ? raw : fromUtf8.decode(raw));
    } else if (type === BIGINT) {
      const head = bytes[i++];
      const negative = head < 0x80;
      const len = negative ? 0x7f - head : head - 0x80;
      let n = 0n;
      for (let j = 0; j < len; j++) n = (n << 8n) | BigInt(bytes[i + j] ^ (negative ? 0xff : 0));
      i += len;
      key.push(negative ? -n : n);
    } else if (type === NUMBER) {
      const b = bytes.slice(i, i + 8);
      i += 8;
      if (b[0] & 0x80) b[0] ^= 0x80;
      else for (let j = 0; j < 8; j++) b[j] ^= 0xff;
      key.push(new DataView(b.buffer).getFloat64(0));
    } else if (type === FALSE || type === TRUE) {
      key.push(type === TRUE);
    } else {
      throw new Error(`damaged KV key: type byte ${type} at ${i - 1}`);
    }
  }
  return key;
}

function encodePart(part: Deno.KvKeyPart, out: number[]) {
  if (part instanceof Uint8Array) {
    out.push(BYTES);
    writeEscaped(part, out);
  } else if (typeof part === "string") {
    out.push(STRING);
    writeEscaped(utf8.encode(part), out);
  } else if (typeof part === "bigint") {
    out.push(BIGINT);
    writeBigint(part, out);
  } else if (typeof part === "number") {
    if (Number.isNaN(part)) throw new TypeError("a KV key part cannot be NaN");
    out.push(NUMBER);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, part === 0 ? 0 : part);
    // Sign-magnitude to an unsigned order: negatives inverted, positives above them.
    if (b[0] & 0x80) { for (let j = 0; j < 8; j++) b[j] ^= 0xff; }
    else b[0] ^= 0x80;
    out.push(...b);
  } else if (typeof part === "boolean") {
    out.push(part ? TRUE : FALSE);
  } else {
    throw new TypeError(`unsupported KV key part: ${typeof part}`);
  }
}

/** A 0x00 inside is written 0x00 0xff; 0x00 ends the part, so shorter sorts first. */
function writeEscaped(bytes: Uint8Array, out: number[]) {
  for (const b of bytes) {
    out.push(b);
    if (b === 0) out.push(0xff);
  }
  out.push(0);
}

function readEscaped(bytes: Uint8Array, from: number): [Uint8Array, number] {
  const raw: number[] = [];
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i++];
    if (b !== 0) raw.push(b);
    else if (bytes[i] === 0xff) (raw.push(0), i++);
    else return [new Uint8Array(raw), i];
  }
  throw new Error("damaged KV key: unterminated part");
}

/** Length-prefixed magnitude; negatives with an inverted length and inverted bytes. */
function writeBigint(n: bigint, out: number[]) {
  const negative = n < 0n;
  let m = negative ? -n : n;
  const bytes: number[] = [];
  while (m > 0n) {
    bytes.unshift(Number(m & 0xffn));
    m >>= 8n;
  }
  if (bytes.length > 126) throw new TypeError("a KV key bigint may have at most 126 bytes");
  out.push(negative ? 0x7f - bytes.length : 0x80 + bytes.length);
  for (const b of bytes) out.push(negative ? b ^ 0xff : b);
}

function toHex(bytes: number[]): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
