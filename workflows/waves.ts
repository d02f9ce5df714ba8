/**
 * Spam waves, the pure part: the features an analysed input shows (each status's normalised
 * text, links and images, and a new local account's sign-up address), and when two accounts'
 * features make them one wave. db/waves.ts applies the same rule incrementally as analyses are
 * stored; `groupWaves` applies it to a whole set at once (tests, tools).
 */
import { linkKey, MIN_CAMPAIGN_TEXT } from "../rules/fingerprint.ts";
import { MAX_FINGERPRINT_CHARS } from "../rules/limits.ts";
import { normalizeText } from "../rules/normalize.ts";
import { PreparedStatus } from "../rules/prepare.ts";
import { isNewSignup, signupKeys } from "../rules/signup.ts";
import { type EngineInput, EngineInputSchema } from "../rules/types.ts";

/** The kinds of feature accounts can share. */
export type FeatureKind = "texts" | "links" | "blurhashes" | "signups";

/** One feature of one account, seen at one time. */
export interface Feature {
  kind: FeatureKind;
  /** What identifies it (the normalised text, the link key, the blurhash, the address). */
  key: string;
  /** What a moderator may see of it; empty for a sign-up address, which stays private. */
  sample: string;
  at: number;
}

/** When accounts make a wave. */
export interface WaveRule {
  /** Occurrences of a feature this far apart still count as shared. */
  windowMs: number;
  /** Two accounts join when they share at least this many distinct features. */
  minShared: number;
  /** Or when one feature is shared by at least this many accounts. */
  minCrowd: number;
  /** Only accounts younger than this when they posted take part (spam waves are new accounts). */
  maxAccountAgeMs: number;
}

/** The defaults: see the measurements in waves_test.ts. */
export const WAVE_RULE: WaveRule = {
  windowMs: 10 * 60_000,
  minShared: 2,
  minCrowd: 4,
  maxAccountAgeMs: 3 * 86_400_000,
};

const PER_KIND = 20;
const SAMPLE_CHARS = 200;

/** The wave features of one engine input (an account's statuses and sign-up), bounded per kind. */
export function waveFeatures(raw: EngineInput, rule: WaveRule = WAVE_RULE): Feature[] {
  const input = EngineInputSchema.parse(raw);
  const now = input.now instanceof Date ? input.now.getTime() : input.now;
  const created = Date.parse(input.adminAccount?.created_at ?? input.account.created_at);
  if (!Number.isFinite(created)) return [];
  const young = (at: number) => at - created <= rule.maxAccountAgeMs;
  const out: Feature[] = [];
  const seen = new Set<string>();
  const counts: Record<FeatureKind, number> = { texts: 0, links: 0, blurhashes: 0, signups: 0 };
  const add = (f: Feature) => {
    const id = `${f.kind}\n${f.key}\n${f.at}`;
    if (seen.has(id) || counts[f.kind] >= PER_KIND) return;
    seen.add(id);
    counts[f.kind]++;
    out.push(f);
  };
  const statuses = [...input.recentStatuses, ...(input.status ? [input.status] : [])];
  for (const s of statuses) {
    if (s.reblog) continue;
    const at = Date.parse(s.created_at);
    if (!Number.isFinite(at) || !young(at)) continue;
    const p = new PreparedStatus(s);
    const text = waveText(p);
    if (text.length >= MIN_CAMPAIGN_TEXT) {
      add({ kind: "texts", key: text, sample: text.slice(0, SAMPLE_CHARS), at });
    }
    for (const link of new Set(p.webLinks.map(linkKey))) {
      if (link) add({ kind: "links", key: link, sample: link.slice(0, SAMPLE_CHARS), at });
    }
    for (const m of s.media_attachments) {
      if (m.blurhash) add({ kind: "blurhashes", key: m.blurhash, sample: m.blurhash, at });
    }
  }
  const admin = input.adminAccount;
  if (admin && isNewSignup(created, now)) {
    const { ip } = signupKeys(admin);
    if (ip) add({ kind: "signups", key: ip, sample: "", at: created });
  }
  return out;
}

/**
 * A status's text as waves compare it: normalised, mentions and links left out, so that a
 * pitch sent at different people with different short links is one text.
 */
export function waveText(p: PreparedStatus): string {
  const plain = p.plainText.slice(0, MAX_FINGERPRINT_CHARS).replace(/https?:\/\/\S*/gi, " ");
  return normalizeText(plain).replace(/[\p{P}\p{S}\s]+/gu, " ").trim();
}

/** An account's features, as `groupWaves` takes them. */
export interface AccountFeatures {
  accountId: string;
  features: Feature[];
}

/**
 * Groups accounts into waves at once: a union-find over pairs of accounts that share at least
 * `minShared` distinct features, each seen by both within `windowMs`. Returns each wave's
 * accounts (two or more), sorted.
 */
export function groupWaves(all: AccountFeatures[], rule: WaveRule = WAVE_RULE): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const byKey = new Map<string, { accountId: string; at: number }[]>();
  for (const a of all) {
    parent.set(a.accountId, a.accountId);
    for (const f of a.features) {
      const k = `${f.kind}\n${f.key}`;
      const list = byKey.get(k) ?? [];
      list.push({ accountId: a.accountId, at: f.at });
      byKey.set(k, list);
    }
  }
  // Pair → the distinct features the two shared within the window.
  const shared = new Map<string, Set<string>>();
  for (const [k, list] of byKey) {
    for (const crowd of crowdsWithin(list, rule)) {
      for (const id of crowd) parent.set(find(id), find(crowd[0]));
    }
    for (const [x, y] of pairsWithin(list, rule.windowMs)) {
      const pair = x < y ? `${x} ${y}` : `${y} ${x}`;
      shared.set(pair, (shared.get(pair) ?? new Set()).add(k));
    }
  }
  for (const [pair, keys] of shared) {
    if (keys.size < rule.minShared) continue;
    const [x, y] = pair.split(" ");
    parent.set(find(x), find(y));
  }
  const waves = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    waves.set(root, [...(waves.get(root) ?? []), id]);
  }
  return [...waves.values()].filter((w) => w.length > 1).map((w) => w.sort());
}

/** Sets of at least `minCrowd` accounts with occurrences of one feature within the window. */
export function crowdsWithin(list: { accountId: string; at: number }[], rule: WaveRule) {
  const out: string[][] = [];
  for (const o of list) {
    const near = new Set(
      list.filter((p) => Math.abs(p.at - o.at) <= rule.windowMs).map((p) => p.accountId),
    );
    if (near.size >= rule.minCrowd) out.push([...near]);
  }
  return out;
}

/** Pairs of distinct accounts with occurrences of one feature within `windowMs`. */
function pairsWithin(list: { accountId: string; at: number }[], windowMs: number) {
  const sorted = [...list].sort((a, b) => a.at - b.at);
  const out: [string, string][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].at - sorted[i].at <= windowMs; j++) {
      if (sorted[i].accountId !== sorted[j].accountId) {
        out.push([sorted[i].accountId, sorted[j].accountId]);
      }
    }
  }
  return out;
}
