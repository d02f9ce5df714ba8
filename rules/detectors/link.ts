/** Link detectors: listed domains, shorteners, deceptive link text, look-alike domains, link ratio. */
import { domainToUnicode } from "node:url";
import { getDomain, getHostname, getPublicSuffix } from "tldts";
import { type Condition, MAX_EVIDENCE } from "../condition.ts";
import { MAX_LINK_TEXT, MAX_URL_CHARS } from "../limits.ts";
import { normalizeText } from "../normalize.ts";
import { firstDomain } from "./domain_text.ts";
import type { Prepared } from "../prepare.ts";
import { type Params, terms } from "../schema.ts";
import type { Evidence } from "../types.ts";

/** Common URL shorteners; a rule's pattern can add more. */
export const SHORTENERS = [
  "bit.ly",
  "bitly.com",
  "tinyurl.com",
  "t.co",
  "goo.gl",
  "ow.ly",
  "is.gd",
  "buff.ly",
  "cutt.ly",
  "rebrand.ly",
  "shorturl.at",
  "t.ly",
  "rb.gy",
  "tiny.cc",
  "s.id",
  "v.gd",
  "shorte.st",
  "adf.ly",
  "bl.ink",
  "lnkd.in",
  "qrco.de",
  "tr.im",
  "clck.ru",
  "u.to",
  "x.gd",
  "surl.li",
  "linktr.ee",
]; // deno-fmt-ignore

const hosts = new Map<string, string | undefined>();

/** The lower-case host of a URL (memoised: links repeat across statuses and rules). */
function host(href: string): string | undefined {
  if (hosts.has(href)) return hosts.get(href);
  if (hosts.size > 10_000) hosts.clear();
  const h = parseHost(href);
  hosts.set(href, h);
  return h;
}

function parseHost(href: string): string | undefined {
  try {
    const h = new URL(href.slice(0, MAX_URL_CHARS)).hostname.toLowerCase();
    return h.endsWith(".") ? h.slice(0, -1) : h;
  } catch {
    return undefined;
  }
}

/** Listed domains, and the length of the longest (no longer suffix of a host can match). */
interface DomainSet {
  names: Set<string>;
  longest: number;
}

function domainSet(list: string[]): DomainSet {
  const names = new Set(
    list.map((d) => d.toLowerCase().replace(/^\*\./, "").replace(/^www\./, "")),
  );
  let longest = 0;
  for (const d of names) longest = Math.max(longest, d.length);
  return { names, longest };
}

/** The listed domain `h` is, or is a subdomain of (the longest such), if any. */
function listed(h: string, { names: set, longest }: DomainSet): string | undefined {
  // Suffixes longer than every listed domain cannot match: skip them, so a host of thousands
  // of labels costs no more than one of a few.
  let at = Math.max(0, h.length - longest);
  if (at > 0 && h[at - 1] !== ".") {
    const dot = h.indexOf(".", at);
    if (dot < 0) return undefined;
    at = dot + 1;
  }
  for (;;) {
    const candidate = h.slice(at);
    if (set.has(candidate)) return candidate;
    const dot = h.indexOf(".", at);
    if (dot < 0) return undefined;
    at = dot + 1;
  }
}

function perLink(test: (href: string, text: string) => string | undefined): Condition {
  return (p) => {
    const evidence: Evidence[] = [];
    for (const s of p.statuses) {
      for (const l of s.webLinkItems) {
        const why = test(l.href, l.text);
        if (why === undefined) continue;
        evidence.push({ status_id: s.status.id, field: "links", text: why });
        break;
      }
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  };
}

const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Armenian", "Cherokee", "Georgian"].map((name) => ({
  name,
  re: new RegExp(`\\p{Script=${name}}`, "u"),
}));

/** Why a host looks like another (mixed scripts, or a look-alike script under an ASCII TLD). */
function lookalike(h: string): string | undefined {
  if (!h.split(".").some((l) => l.startsWith("xn--"))) return undefined;
  const uni = domainToUnicode(h);
  const suffix = getPublicSuffix(h) ?? "";
  for (const label of uni.split(".")) {
    const scripts = SCRIPTS.filter((s) => s.re.test(label)).map((s) => s.name);
    if (scripts.length > 1) return `${uni} (${h}) mixes ${scripts.join(" and ")} letters`;
    if (scripts.length === 1 && scripts[0] !== "Latin" && /^[a-z.]+$/.test(suffix)) {
      return `${uni} (${h}) is written in ${scripts[0]} letters under .${suffix}`;
    }
  }
  return undefined;
}

function mismatch(href: string, text: string): string | undefined {
  const shown = firstDomain(normalizeText(text.slice(0, MAX_LINK_TEXT)));
  if (!shown || text.trim().startsWith("@") || text.trim().startsWith("#")) return undefined;
  const shownDomain = getDomain(shown);
  const target = getDomain(getHostname(href.slice(0, MAX_URL_CHARS)) ?? "");
  if (!shownDomain || !target || shownDomain === target) return undefined;
  return `link text names ${shownDomain} but leads to ${target}`;
}

function linkRatio(min: number, minStatuses: number): Condition {
  return (p: Prepared) => {
    const total = p.statuses.length;
    if (total < minStatuses || total === 0) return [];
    const withLinks = p.statuses.filter((s) => s.webLinks.length > 0);
    const ratio = withLinks.length / total;
    if (ratio < min) return [];
    return [{
      field: "links",
      text: `${withLinks.length} of ${total} statuses carry links (${ratio.toFixed(2)})`,
    }];
  };
}

/** Compiles a link condition. */
export function linkCondition(pattern: string, params: Params<"link">): Condition {
  switch (params.check) {
    case "domains": {
      const set = domainSet(terms(pattern));
      return perLink((href) => {
        const h = host(href);
        const d = h && listed(h, set);
        return d ? `links to ${h} (listed: ${d})` : undefined;
      });
    }
    case "shorteners": {
      const set = domainSet([...SHORTENERS, ...terms(pattern)]);
      return perLink((href) => {
        const h = host(href);
        return h && listed(h, set) ? `shortened link ${href}` : undefined;
      });
    }
    case "mismatched_text":
      return perLink(mismatch);
    case "punycode":
      return perLink((href) => {
        const h = host(href);
        return h ? lookalike(h) : undefined;
      });
    case "link_ratio":
      return linkRatio(Number(pattern), params.min_statuses);
  }
}
