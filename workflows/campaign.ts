/**
 * Cross-account campaign counters: how many distinct accounts used the same normalised text,
 * link or image (blurhash) within a window, and how many new accounts signed up from the same
 * address, network or e-mail domain. One KV entry per (kind, key, account) that expires with
 * the window; a count is a capped prefix listing.
 */
import type { Kv } from "../kv/port.ts";
import { isNewSignup, SIGNUP_WINDOW_MS, signupKeys } from "../rules/signup.ts";
import type { AdminAccount as EngineAdminAccount, Counters } from "../rules/types.ts";
import type { Status } from "../mastodon/schemas.ts";
import type { CampaignKeys } from "./engine.ts";

/** Counting stops here: beyond it, "many" is all a rule needs to know. */
export const COUNT_CAP = 200;
/** At most this many keys of each kind per run, so one prolific account stays cheap. */
const KEYS_PER_KIND = 20;

type Kind = "texts" | "links" | "blurhashes";

/** Records the account under each key of its statuses and returns the distinct-account counts. */
export async function updateCampaignCounters(
  kv: Kv,
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

async function countAccounts(kv: Kv, kind: string, h: string): Promise<number> {
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

type SignupCounters = Pick<Counters, "ips" | "subnets" | "email_domains">;

/**
 * Records a new account under its sign-up address, /24 or /64 and e-mail domain, until it is
 * no longer new, and returns how many new accounts share each. Accounts older than the window,
 * and remote ones (no address, no e-mail), count nothing and get no counters.
 */
export async function updateSignupCounters(
  kv: Kv,
  admin: Pick<EngineAdminAccount, "id" | "created_at" | "email" | "ip" | "ips">,
  now: number,
  windowMs = SIGNUP_WINDOW_MS,
): Promise<SignupCounters> {
  const created = Date.parse(admin.created_at ?? "");
  if (!isNewSignup(created, now, windowMs)) return {};
  const { ip, subnet, emailDomain } = signupKeys(admin);
  const keys = [["ips", ip], ["subnets", subnet], ["email_domains", emailDomain]] as const;
  const present = keys.filter((k): k is [typeof k[0], string] => k[1] !== undefined);
  if (present.length === 0) return {};
  const hashed = await Promise.all(present.map(([, v]) => hash(v)));
  const op = kv.atomic();
  const expireIn = Math.max(1, created + windowMs - now);
  present.forEach(([kind], i) => op.set(["campaign", kind, hashed[i], admin.id], 1, { expireIn }));
  await op.commit();
  const out: SignupCounters = {};
  for (const [i, [kind, value]] of present.entries()) {
    out[kind] = { [value]: await countAccounts(kv, kind, hashed[i]) };
  }
  return out;
}
