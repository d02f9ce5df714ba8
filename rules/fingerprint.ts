/**
 * Fingerprints of statuses: SimHash for near-duplicates within an account, and the campaign keys
 * that callers count across accounts. Both use the engine's normalisation so that the workflow
 * updating counters and the rule reading them agree.
 */
import { normalizeText } from "./normalize.ts";
import { PreparedStatus } from "./prepare.ts";
import { type Status, StatusSchema } from "./types.ts";
import type { z } from "zod";

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 64-bit SimHash as two 32-bit halves. */
export type SimHash = [number, number];

function shingles(text: string): string[] {
  const words = text.split(" ").filter(Boolean);
  if (words.length >= 4) {
    const out: string[] = [];
    for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
    return out;
  }
  // Short or unspaced (CJK) text: character 4-grams.
  const out: string[] = [];
  for (let i = 0; i + 4 <= text.length; i++) out.push(text.slice(i, i + 4));
  return out.length ? out : [text];
}

/** SimHash over word-pair (or character 4-gram) shingles of normalised text. */
export function simhash(normalized: string): SimHash {
  const v = new Int32Array(64);
  for (const sh of shingles(normalized)) {
    const a = fnv1a(sh, 0x811c9dc5);
    const b = fnv1a(sh, 0x9747b28c);
    for (let bit = 0; bit < 32; bit++) {
      v[bit] += (a >>> bit) & 1 ? 1 : -1;
      v[bit + 32] += (b >>> bit) & 1 ? 1 : -1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (v[bit] > 0) lo |= 1 << bit;
    if (v[bit + 32] > 0) hi |= 1 << bit;
  }
  return [lo >>> 0, hi >>> 0];
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Bits in which two SimHashes differ. */
export function hamming(a: SimHash, b: SimHash): number {
  return popcount((a[0] ^ b[0]) >>> 0) + popcount((a[1] ^ b[1]) >>> 0);
}

/** Status text for fingerprints: mentions dropped, links reduced to their host. */
export function fingerprintText(s: PreparedStatus): string {
  const text = s.plainText.replace(/https?:\/\/([^\s/?#]+)\S*/gi, "$1");
  return normalizeText(text);
}

/** A link's campaign key: host without www. plus path, no query or fragment. */
export function linkKey(href: string): string | undefined {
  try {
    const u = new URL(href);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    const host = u.hostname.toLowerCase().replace(/^www\./, "");
    return `${host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return undefined;
  }
}

/** The keys a status contributes to cross-account counters. */
export interface CampaignKeys {
  /** Fingerprint of the normalised text, when the text is long enough to mean something. */
  text?: string;
  links: string[];
  blurhashes: string[];
}

/** Texts shorter than this ("gm", "lol") are too common to count as a campaign. */
export const MIN_CAMPAIGN_TEXT = 20;

/** Campaign keys of a prepared status. */
export function preparedCampaignKeys(s: PreparedStatus): CampaignKeys {
  const text = fingerprintText(s);
  const links = [...new Set(s.webLinks.map(linkKey).filter((k): k is string => !!k))];
  const blurhashes = [
    ...new Set(s.status.media_attachments.map((m) => m.blurhash).filter(Boolean)),
  ];
  return {
    text: text.length >= MIN_CAMPAIGN_TEXT
      ? `${fnv1a(text, 0x811c9dc5).toString(16)}${fnv1a(text, 0x9747b28c).toString(16)}`
      : undefined,
    links,
    blurhashes,
  };
}

/** The campaign keys of a status (normalised text fingerprint, link keys, blurhashes). */
export function campaignKeys(status: Status | z.input<typeof StatusSchema>): CampaignKeys {
  return preparedCampaignKeys(new PreparedStatus(StatusSchema.parse(status)));
}
