/**
 * Mastodon's webhook signature, `X-Hub-Signature: sha256=<hex>`: the HMAC-SHA256 of the raw body
 * with the webhook's secret. The key's two padded blocks (RFC 2104) are hashed once per secret and
 * each delivery resumes from copies of those states, which halves the cost of a check; the
 * comparison runs over every character whatever the input, and allocates nothing.
 */
import { createHash, type Hash } from "node:crypto";

/** SHA-256's block size in bytes. */
const BLOCK = 64;
const HEADER = /^sha256=[0-9a-fA-F]{64}$/;

/** Answers whether a body's signature header is right, for one secret. */
export type SignatureCheck = (body: Uint8Array, header: string | null | undefined) => boolean;

/** The HMAC-SHA256 of a body with one secret, as lowercase hex. */
export function hmacSha256(secret: string): (body: Uint8Array) => string {
  let key: Uint8Array = new TextEncoder().encode(secret);
  if (key.length > BLOCK) key = createHash("sha256").update(key).digest();
  const pad = (byte: number) => {
    const block = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) block[i] = (key[i] ?? 0) ^ byte;
    return createHash("sha256").update(block);
  };
  const inner: Hash = pad(0x36);
  const outer: Hash = pad(0x5c);
  return (body) => outer.copy().update(inner.copy().update(body).digest()).digest("hex");
}

/** The signature check for `secret`. */
export function signatureCheck(secret: string): SignatureCheck {
  const mac = hmacSha256(secret);
  return (body, header) => {
    if (!header || !HEADER.test(header)) return false;
    const expected = mac(body);
    // Constant time: every digit is compared; `| 0x20` lowers A-F (the test above let only hex
    // digits through).
    let diff = 0;
    for (let i = 0; i < 64; i++) {
      diff |= expected.charCodeAt(i) ^ (header.charCodeAt(7 + i) | 0x20);
    }
    return diff === 0;
  };
}
