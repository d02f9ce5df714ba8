/**
 * What a local sign-up tells without an API call: its e-mail domain, whether that domain is a
 * throwaway one (the maintained list of the `mailchecker` package), and the keys under which
 * callers count new accounts per sign-up address, network and e-mail domain.
 */
import mailchecker from "mailchecker";
import type { AdminAccount } from "./types.ts";

/** The lower-case domain of an e-mail address, or undefined. */
export function emailDomain(email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf("@");
  if (at < 0 || at === email.length - 1) return undefined;
  const d = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, "");
  return d.length <= 253 ? d : undefined;
}

// The package's isValid() also runs a long e-mail regex with nested quantifiers; the set of
// domains is all we need, and walking a domain's suffixes is linear in its length.
const THROWAWAY: Set<string> = mailchecker.blacklist();

/** The listed domain that `domain` is, or is under, in `list`; undefined when none. */
function under(domain: string, list: ReadonlySet<string>): string | undefined {
  let d = domain;
  for (;;) {
    if (list.has(d)) return d;
    const dot = d.indexOf(".");
    if (dot < 0) return undefined;
    d = d.slice(dot + 1);
  }
}

/**
 * The throwaway domain an e-mail domain falls under: on the package's list or in `extra`, and
 * not in `allow` (forwarding services such as duck.com, which the list also carries).
 */
export function throwawayDomain(
  domain: string,
  extra: ReadonlySet<string> = new Set(),
  allow: ReadonlySet<string> = new Set(),
): string | undefined {
  if (under(domain, allow)) return undefined;
  return under(domain, extra) ?? under(domain, THROWAWAY);
}

/** The sign-up IP of an Admin::Account: `ip`, else the first of `ips`. */
export function signupIp(a: Pick<AdminAccount, "ip" | "ips">): string | undefined {
  return a.ip || a.ips?.[0]?.ip || undefined;
}

/** The network an address belongs to: its /24 for IPv4, its /64 for IPv6. */
export function subnetOf(ip: string): string | undefined {
  const v4 = ip.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!ip.includes(":") || ip.length > 45) return undefined;
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t]
    : h;
  if (groups.length < 4 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** The keys a new account contributes to the sign-up counters. */
export interface SignupKeys {
  ip?: string;
  subnet?: string;
  emailDomain?: string;
}

/** Sign-up keys of an Admin::Account; remote accounts (no e-mail, no IP) have none. */
export function signupKeys(a: Pick<AdminAccount, "ip" | "ips" | "email">): SignupKeys {
  const ip = signupIp(a);
  return { ip, subnet: ip ? subnetOf(ip) : undefined, emailDomain: emailDomain(a.email) };
}

/** How long a sign-up counts towards "many new accounts from one address or domain". */
export const SIGNUP_WINDOW_MS = 24 * 3_600_000;

/** True when the account was created within the sign-up window before `now`. */
export function isNewSignup(createdAt: number, now: number, windowMs = SIGNUP_WINDOW_MS): boolean {
  return Number.isFinite(createdAt) && createdAt <= now && now - createdAt < windowMs;
}
