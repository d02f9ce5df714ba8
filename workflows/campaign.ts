/**
 * Cross-account campaign counters: how many distinct accounts used the same normalised text,
 * link or image (blurhash) within a window. One KV entry per (kind, key, account) that expires
 * with the window; a count is a capped prefix listing.
 */
import type { Counters } from "../rules/types.ts";
import type { Status } from "../mastodon/schemas.ts";
import type { CampaignKeys } from "./engine.ts";

/** Counting stops here: beyond it, "many" is all a rule needs to know. */
export const COUNT_CAP = 200;
/** At most this many keys of each kind per run, so one prolific account stays cheap. */
const KEYS_PER_KIND = 20;

type Kind = keyof Counters;

/** Records the account under each key of its statuses and returns the distinct-account counts. */
export async function updateCampaignCounters(
  kv: Deno.Kv,
  accountId: string,
  statuses: Status[],
  keysOf: (s: Status) => CampaignKeys,
  windowMs: number,
): Promise<Counters> {
  const byKind = collectKeys(statuses, keysOf);
  const counters: Counters = { texts: {}, links: {}, blurhashes: {} };
  for (const [kind, list] of Object.entries(byKind) as [Kind, string[]][]) {
    const hashed = await Promise.all(list.map(hash));
    const op = kv.atomic();
    for (const h of hashed) op.set(["campaign", kind, h, accountId], 1, { expireIn: windowMs });
    if (hashed.length > 0) await op.commit();
    for (let i = 0; i < list.length; i++) {
      counters[kind][list[i]] = await countAccounts(kv, kind, hashed[i]);
    }
  }
  return counters;
}

function collectKeys(statuses: Status[], keysOf: (s: Status) => CampaignKeys) {
  const out: Record<Kind, Set<string>> = {
    texts: new Set(),
    links: new Set(),
    blurhashes: new Set(),
  };
  for (const s of statuses) {
    if (s.reblog) continue;
    const k = keysOf(s);
    if (k.text && out.texts.size < KEYS_PER_KIND) out.texts.add(k.text);
    for (const l of k.links) if (out.links.size < KEYS_PER_KIND) out.links.add(l);
    for (const b of k.blurhashes) if (out.blurhashes.size < KEYS_PER_KIND) out.blurhashes.add(b);
  }
  return { texts: [...out.texts], links: [...out.links], blurhashes: [...out.blurhashes] };
}

async function countAccounts(kv: Deno.Kv, kind: Kind, h: string): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix: ["campaign", kind, h] }, { limit: COUNT_CAP })) n++;
  return n;
}

// Keys can be long URLs; KV keys are limited in size, so each is stored by its digest.
async function hash(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}
