/**
 * Campaign counters across a batch of accounts, computed the way the workflow keeps them in KV:
 * for each account, how many distinct accounts of the batch used each of its keys within the
 * window before its evaluation time (statuses over CAMPAIGN_WINDOW_MS; sign-ups of new accounts
 * over SIGNUP_WINDOW_MS). Pure: the dry-run of a batch and the evaluation corpus use it.
 */
import { preparedCampaignKeys } from "./fingerprint.ts";
import { PreparedStatus } from "./prepare.ts";
import { isNewSignup, SIGNUP_WINDOW_MS, signupKeys } from "./signup.ts";
import type { AdminAccount, Counters, Status } from "./types.ts";

/** The workflow's window for status campaign counters. */
export const CAMPAIGN_WINDOW_MS = 60 * 60_000;
// As in workflows/campaign.ts: beyond this many accounts, "many" is all a rule needs.
const COUNT_CAP = 200;
const KEYS_PER_KIND = 20;

/** One account of a batch. */
export interface BatchEntry {
  accountId: string;
  statuses: Status[];
  admin?: AdminAccount | null;
  /** Its evaluation time. */
  now: number;
}

type Kind = "texts" | "links" | "blurhashes" | "ips" | "subnets" | "email_domains";
/** key → account → the times it was used. */
type Index = Map<string, Map<string, number[]>>;

function add(index: Map<Kind, Index>, kind: Kind, key: string, account: string, at: number) {
  let byKey = index.get(kind);
  if (!byKey) index.set(kind, byKey = new Map());
  let byAccount = byKey.get(key);
  if (!byAccount) byKey.set(key, byAccount = new Map());
  const times = byAccount.get(account);
  if (times) times.push(at);
  else byAccount.set(account, [at]);
}

function count(index: Map<Kind, Index>, kind: Kind, key: string, now: number, windowMs: number) {
  let n = 0;
  for (const times of index.get(kind)?.get(key)?.values() ?? []) {
    if (times.some((t) => t <= now && t > now - windowMs) && ++n >= COUNT_CAP) break;
  }
  return n;
}

interface Keyed {
  entry: BatchEntry;
  posts: { at: number; keys: ReturnType<typeof preparedCampaignKeys> }[];
  signup: { at: number; keys: ReturnType<typeof signupKeys> } | undefined;
}

function keyed(entry: BatchEntry): Keyed {
  const posts = entry.statuses.filter((s) => !s.reblog).map((s) => ({
    at: Date.parse(s.created_at),
    keys: preparedCampaignKeys(new PreparedStatus(s)),
  }));
  const created = Date.parse(entry.admin?.created_at ?? "");
  const signup = entry.admin && Number.isFinite(created)
    ? { at: created, keys: signupKeys(entry.admin) }
    : undefined;
  return { entry, posts, signup };
}

/** The counters each entry of the batch is evaluated with, in the batch's order. */
export function batchCounters(
  entries: BatchEntry[],
  windows = { campaignMs: CAMPAIGN_WINDOW_MS, signupMs: SIGNUP_WINDOW_MS },
): Counters[] {
  const all = entries.map(keyed);
  const index = new Map<Kind, Index>();
  for (const { entry, posts, signup } of all) {
    for (const { at, keys } of posts) {
      if (keys.text) add(index, "texts", keys.text, entry.accountId, at);
      for (const l of keys.links) add(index, "links", l, entry.accountId, at);
      for (const b of keys.blurhashes) add(index, "blurhashes", b, entry.accountId, at);
    }
    if (signup) {
      const { ip, subnet, emailDomain } = signup.keys;
      if (ip) add(index, "ips", ip, entry.accountId, signup.at);
      if (subnet) add(index, "subnets", subnet, entry.accountId, signup.at);
      if (emailDomain) add(index, "email_domains", emailDomain, entry.accountId, signup.at);
    }
  }
  return all.map(({ entry, posts, signup }) => {
    const { now } = entry;
    const out: Counters = { texts: {}, links: {}, blurhashes: {} };
    const recent = posts.filter((p) => p.at <= now && p.at > now - windows.campaignMs);
    const keys = {
      texts: [...new Set(recent.flatMap((p) => (p.keys.text ? [p.keys.text] : [])))],
      links: [...new Set(recent.flatMap((p) => p.keys.links))],
      blurhashes: [...new Set(recent.flatMap((p) => p.keys.blurhashes))],
    };
    for (const kind of ["texts", "links", "blurhashes"] as const) {
      for (const k of keys[kind].slice(0, KEYS_PER_KIND)) {
        out[kind][k] = count(index, kind, k, now, windows.campaignMs);
      }
    }
    if (signup && isNewSignup(signup.at, now, windows.signupMs)) {
      const { ip, subnet, emailDomain } = signup.keys;
      const c = (kind: Kind, k?: string) =>
        k ? { [k]: count(index, kind, k, now, windows.signupMs) } : {};
      Object.assign(out, {
        ips: c("ips", ip),
        subnets: c("subnets", subnet),
        email_domains: c("email_domains", emailDomain),
      });
    }
    return out;
  });
}
