/**
 * Campaign detectors: the same text, link or image from at least K distinct accounts, and at
 * least K new accounts from one sign-up address, network or e-mail domain, read from the
 * counters the caller keeps over its windows (`campaignKeys()`, `signupKeys()`).
 */
import { type Condition, MAX_EVIDENCE } from "../condition.ts";
import { preparedCampaignKeys } from "../fingerprint.ts";
import type { Prepared } from "../prepare.ts";
import type { Params } from "../schema.ts";
import { signupKeys } from "../signup.ts";
import type { Evidence } from "../types.ts";

function statusCampaign(k: number, check: "text" | "link" | "blurhash"): Condition {
  return (p) => {
    const evidence: Evidence[] = [];
    for (const s of p.statuses) {
      const keys = preparedCampaignKeys(s);
      const found: string[] = [];
      if (check === "text" && keys.text && (p.counters.texts[keys.text] ?? 0) >= k) {
        found.push(`text posted by ${p.counters.texts[keys.text]} accounts`);
      }
      if (check === "link") {
        for (const l of keys.links) {
          const c = p.counters.links[l] ?? 0;
          if (c >= k) found.push(`link ${l} posted by ${c} accounts`);
        }
      }
      if (check === "blurhash") {
        for (const b of keys.blurhashes) {
          const c = p.counters.blurhashes[b] ?? 0;
          if (c >= k) found.push(`image ${b} posted by ${c} accounts`);
        }
      }
      if (found.length) {
        evidence.push({ status_id: s.status.id, field: "campaign", text: found.join("; ") });
      }
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  };
}

const SIGNUP = {
  ip: { key: "ip", counters: "ips", what: "sign-up IP address" },
  subnet: { key: "subnet", counters: "subnets", what: "sign-up network (/24 or /64)" },
  email_domain: { key: "emailDomain", counters: "email_domains", what: "e-mail domain" },
} as const;

/** At least K new accounts share this account's sign-up address, network or e-mail domain. */
function signupCampaign(k: number, check: keyof typeof SIGNUP): Condition {
  const { key, counters, what } = SIGNUP[check];
  return (p: Prepared) => {
    if (!p.admin) return [];
    const value = signupKeys(p.admin)[key];
    const n = value ? p.counters[counters]?.[value] ?? 0 : 0;
    if (n < k) return [];
    // The address itself is private; the count is what explains the hit.
    const text = `${what} shared by ${n} new accounts within the window`;
    return [{ field: "signup", text, shared: text }];
  };
}

/** Compiles a campaign condition; `pattern` is K. */
export function campaignCondition(pattern: string, params: Params<"campaign">): Condition {
  const k = Number(pattern);
  const check = params.check;
  return check === "text" || check === "link" || check === "blurhash"
    ? statusCampaign(k, check)
    : signupCampaign(k, check);
}
