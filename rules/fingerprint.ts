/**
 * Fingerprints of statuses: shingles for near-duplicates within an account, and the campaign keys
 * that callers count across accounts. Both use the engine's normalisation so that the workflow
 * updating counters and the rule reading them agree.
 */
import { MAX_FINGERPRINT_CHARS, MAX_SHINGLE_CHARS } from "./limits.ts";
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

/**
 * Character 5-gram shingles, hashed: robust to small edits in short texts, and to unspaced
 * scripts. Only the first MAX_SHINGLE_CHARS count, which bounds the pairwise comparisons.
 */
export function shingles(normalized: string): Set<number> {
  const text = normalized.slice(0, MAX_SHINGLE_CHARS);
  const out = new Set<number>();
  if (text.length <= 5) return out.add(fnv1a(text, 0x811c9dc5));
  for (let i = 0; i + 5 <= text.length; i++) out.add(fnv1a(text.slice(i, i + 5), 0x811c9dc5));
  return out;
}

/**
 * Jaccard similarity of two shingle sets. Statuses are short and an account has few recent
 * ones, so the exact value is cheap; MinHash would only estimate it.
 */
export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** Status text for fingerprints: mentions dropped, links reduced to their host. */
export function fingerprintText(s: PreparedStatus): string {
  return s.derived(
    "fingerprintText",
    () => normalizeText(linksToHosts(s.plainText.slice(0, MAX_FINGERPRINT_CHARS))),
  );
}

function linksToHosts(text: string): string {
  return text.replace(/https?:\/\/([^\s/?#]+)\S*/gi, "$1");
}

/** A link's campaign key: host without www. plus path, no query or fragment. */
export function linkKey(href: string): string | undefined {
  try {
    const u = new URL(href);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    const host = u.hostname.toLowerCase().replace(/^www\./, "");
    return `${host}${trimSlashes(u.pathname)}`;
  } catch {
    return undefined;
  }
}

// A loop, not /\/+$/: that regex retries from every slash of a long run of them.
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
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
  return s.derived("campaignKeys", () => computeKeys(s));
}

function computeKeys(s: PreparedStatus): CampaignKeys {
  const text = fingerprintText(s);
  const links = [...new Set(s.webLinks.map(linkKey).filter((k): k is string => !!k))];
  const blurhashes = [
    ...new Set(s.media.map((m) => m.blurhash).filter(Boolean)),
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
