/**
 * Account detectors: age, counts and ratios, default avatar, empty bio, bot, random names, staff
 * look-alikes, throwaway e-mail domains, and profile edits since the last analysis.
 */
import type { Condition } from "../condition.ts";
import { MAX_USERNAME_CHARS } from "../limits.ts";
import { normalizeText } from "../normalize.ts";
import { type Prepared, snippet } from "../prepare.ts";
import { profileChanges, profileFingerprint } from "../profile.ts";
import { type Params, terms } from "../schema.ts";
import { emailDomain, throwawayDomain } from "../signup.ts";
import type { Evidence } from "../types.ts";

const HOUR = 3_600_000;
/** Names staff go by; impersonators put them in display names. */
export const STAFF_TERMS = [
  "admin",
  "administrator",
  "moderator",
  "mod team",
  "staff",
  "support team",
  "official",
  "trust and safety",
  "security team",
  "instance team",
  "server team",
]; // deno-fmt-ignore

const one = (text: string, field = "account"): Evidence[] => [{ field, text }];

/**
 * How machine-made a username looks, 0..1: few vowels, long consonant runs, digits mixed into
 * letters, hex-like strings. Real handles ("anna_schmidt", "bob1987") score low.
 */
export function randomness(username: string): number {
  // Mastodon's own usernames have at most 30 characters; a longer one reads as its start.
  const u = username.slice(0, MAX_USERNAME_CHARS).toLowerCase();
  const letters = u.replace(/[^a-z]/g, "");
  if (u.length < 8) return 0;
  const vowels = letters.replace(/[^aeiouy]/g, "").length / Math.max(1, letters.length);
  let run = 0;
  for (const r of letters.match(/[^aeiouy]+/g) ?? []) run = Math.max(run, r.length);
  const digits = u.replace(/[^0-9]/g, "").length;
  const switches = (u.match(/[a-z][0-9]|[0-9][a-z]/g) ?? []).length;
  let score = 0;
  if (vowels < 0.2) score += 0.35;
  else if (vowels < 0.28) score += 0.15;
  if (run >= 5) score += 0.3;
  else if (run >= 4) score += 0.15;
  if (switches >= 2) score += 0.3;
  if (digits >= 4 && digits / u.length > 0.3) score += 0.15;
  if (/^[0-9a-f]{10,}$/.test(u)) score += 0.4;
  if (!u.includes("_") && u.length >= 14) score += 0.1;
  return Math.min(1, score);
}

function isStaff(p: Prepared, allowed: Set<string>): boolean {
  if (p.admin?.role?.name) return true;
  if (p.account.roles.some((r) => r.name)) return true;
  return allowed.has(p.account.acct.toLowerCase()) || allowed.has(p.account.username.toLowerCase());
}

function impersonation(pattern: string, params: Params<"account">): Condition {
  const list = (terms(pattern).length ? terms(pattern) : STAFF_TERMS).map(normalizeText);
  const allowed = new Set(params.staff_accts.map((a) => a.toLowerCase().replace(/^@/, "")));
  return (p) => {
    if (isStaff(p, allowed)) return [];
    for (const field of ["display_name", "username"] as const) {
      const text = p.targets(field)[0].text;
      const spaced = ` ${text.replace(/[^\p{L}\p{N}]+/gu, " ")} `;
      const joined = text.replace(/[^\p{L}\p{N}]+/gu, "");
      const term = list.find((t) => spaced.includes(` ${t} `) || joined === t.replace(/ /g, ""));
      if (term) return one(`${field} "${snippet(text)}" presents as staff ("${term}")`, field);
    }
    return [];
  };
}

const domains = (list: string[]) =>
  new Set(list.map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean));

/** The e-mail domain is a throwaway one: `pattern` adds domains, `allow_domains` exempts some. */
function disposableEmail(pattern: string, params: Params<"account">): Condition {
  const extra = domains(terms(pattern));
  const allow = domains(params.allow_domains);
  return (p) => {
    const domain = emailDomain(p.admin?.email);
    const listed = domain && throwawayDomain(domain, extra, allow);
    if (!listed) return [];
    return [{
      field: "email",
      text: `e-mail domain ${domain} is on the throwaway list`,
      shared: "e-mail domain is on the throwaway list",
    }];
  };
}

/** The display name, bio, fields or avatar differ from what the last analysis saw. */
const profileChanged: Condition = (p) => {
  if (!p.previousProfile) return [];
  const changed = profileChanges(p.previousProfile, profileFingerprint(p.account));
  return changed.length
    ? one(`changed since the last analysis: ${changed.join(", ")}`, "profile")
    : [];
};

/** Compiles an account condition; `pattern` is the threshold or term list. */
export function accountCondition(pattern: string, params: Params<"account">): Condition {
  const n = Number(pattern);
  switch (params.check) {
    case "max_age_hours":
      return (p) => {
        const age = (p.now - p.createdAt) / HOUR;
        return age < n ? one(`account is ${age.toFixed(1)} h old (under ${n} h)`) : [];
      };
    case "max_followers":
      return (p) =>
        p.account.followers_count <= n ? one(`${p.account.followers_count} followers`) : [];
    case "max_statuses":
      return (p) =>
        p.account.statuses_count <= n ? one(`${p.account.statuses_count} statuses`) : [];
    case "following_ratio":
      return (p) => {
        const { following_count: fo, followers_count: fr } = p.account;
        const ratio = fo / Math.max(1, fr);
        return fo >= params.min_following && ratio >= n
          ? one(`follows ${fo}, followed by ${fr} (ratio ${ratio.toFixed(1)})`)
          : [];
      };
    case "default_avatar":
      return (p) =>
        !p.account.avatar || p.account.avatar.includes("/avatars/original/missing.png")
          ? one("default avatar", "avatar")
          : [];
    case "empty_bio":
      return (p) => p.targets("note")[0].text === "" ? one("empty bio", "note") : [];
    case "bot":
      return (p) => p.account.bot ? one("account is marked as a bot") : [];
    case "random_username": {
      const min = pattern.trim() === "" ? 0.6 : n;
      return (p) => {
        const r = randomness(p.account.username);
        const name = p.account.username.slice(0, MAX_USERNAME_CHARS);
        return r >= min
          ? one(`username "${name}" looks generated (${r.toFixed(2)})`, "username")
          : [];
      };
    }
    case "staff_impersonation":
      return impersonation(pattern, params);
    case "disposable_email":
      return disposableEmail(pattern, params);
    case "profile_changed":
      return profileChanged;
  }
}
