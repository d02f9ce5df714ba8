/**
 * Builders of Mastodon 4.6.4 JSON for the evaluation corpus (Account, Admin::Account, Status,
 * MediaAttachment), shaped like the recorded responses in ../shared/fixtures, so that the cases
 * can be posted to POST /dryrun/evaluate as they are.
 */

/** The corpus's clock: every case happens within a few days after this instant. */
export const BASE_TIME = Date.parse("2026-11-20T00:00:00.000Z");
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The server the corpus plays on; accounts without a domain are its local ones. */
export const LOCAL = "town.example";

/** A small seeded generator (mulberry32): the corpus is the same on every run. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  token(n: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

let serial = 0;
// Mentioned people keep one id however often they are mentioned.
const knownIds = new Map<string, string>();

/** Starts ids afresh, so that every build of the corpus gives the same ids. */
export function resetIds(): void {
  serial = 0;
  knownIds.clear();
}

/** A snowflake-like id for `at`; a serial keeps ids of one millisecond apart. */
export function idAt(at: number): string {
  return String((BigInt(at) << 16n) + BigInt(serial++ % 65536));
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function linkHtml(url: string): string {
  const m = url.match(/^(https?:\/\/(?:www\.)?)(.*)$/);
  const rest = m ? m[2] : url;
  const shown = rest.length > 30
    ? `<span class="ellipsis">${esc(rest.slice(0, 30))}</span><span class="invisible">${
      esc(rest.slice(30))
    }</span>`
    : `<span class="">${esc(rest)}</span><span class="invisible"></span>`;
  return `<a href="${
    esc(url)
  }" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${
    m ? m[1] : ""
  }</span>${shown}</a>`;
}

const TOKEN =
  /(https?:\/\/[^\s<]+[^\s<.,!?)])|(^|[\s(])@([\w.]+)(?:@([\w.-]+\.\w+))?|(^|[\s(])#([\p{L}\p{N}_]+)/gu;

/** A mention or tag that the text of a status referred to. */
export interface Refs {
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
}

/**
 * Renders plain text into Mastodon's HTML: links, @mentions (h-card) and #hashtags become
 * anchors, lines become paragraphs. Text already starting with "<" is taken as HTML.
 */
export function renderText(text: string): { html: string; refs: Refs } {
  const refs: Refs = { mentions: [], tags: [] };
  if (text.startsWith("<")) return { html: text, refs: scanRefs(text, refs) };
  const paragraphs = text.split(/\n\n+/).map((para) =>
    para.split("\n").map((line) => renderLine(line, refs)).join("<br />")
  );
  return { html: paragraphs.map((p) => `<p>${p}</p>`).join(""), refs };
}

function renderLine(line: string, refs: Refs): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    const start = m.index!;
    out += esc(line.slice(last, start));
    if (m[1]) out += linkHtml(m[1]);
    else if (m[3]) {
      const domain = m[4] ?? LOCAL;
      const url = `https://${domain}/@${m[3]}`;
      const acct = m[4] ? `${m[3]}@${m[4]}` : m[3];
      refs.mentions.push({ id: idFor(acct), username: m[3], acct, url });
      out += `${esc(m[2])}<span class="h-card" translate="no"><a href="${
        esc(url)
      }" class="u-url mention">@<span>${esc(m[3])}</span></a></span>`;
    } else {
      const url = `https://${LOCAL}/tags/${encodeURIComponent(m[6].toLowerCase())}`;
      refs.tags.push({ name: m[6].toLowerCase(), url });
      out += `${esc(m[5])}<a href="${esc(url)}" class="mention hashtag" rel="tag">#<span>${
        esc(m[6])
      }</span></a>`;
    }
    last = start + m[0].length;
  }
  return out + esc(line.slice(last));
}

function scanRefs(html: string, refs: Refs): Refs {
  for (const m of html.matchAll(/href="https:\/\/([^/"]+)\/@([\w.]+)"/g)) {
    const acct = m[1] === LOCAL ? m[2] : `${m[2]}@${m[1]}`;
    refs.mentions.push({ id: idFor(acct), username: m[2], acct, url: `https://${m[1]}/@${m[2]}` });
  }
  for (const m of html.matchAll(/href="https:\/\/[^/"]+\/tags\/([^"]+)"/g)) {
    refs.tags.push({ name: decodeURIComponent(m[1]), url: `https://${LOCAL}/tags/${m[1]}` });
  }
  return refs;
}

function idFor(acct: string): string {
  let id = knownIds.get(acct);
  if (!id) knownIds.set(acct, id = String(109_000_000_000_000_000n + BigInt(knownIds.size * 7919)));
  return id;
}

/** What a case says about its account. */
export interface AccountSpec {
  username: string;
  domain?: string | null;
  displayName?: string;
  /** Bio as plain text (rendered) or HTML. */
  note?: string;
  fields?: [string, string][];
  /** Created this long before the case's evaluation time. */
  ageMs: number;
  avatar?: boolean;
  avatarDescription?: string;
  bot?: boolean;
  followers?: number;
  following?: number;
  statuses?: number;
  locale?: string;
  email?: string | null;
  ip?: string | null;
  inviteRequest?: string | null;
  confirmed?: boolean;
  approved?: boolean;
  applicationId?: string | null;
}

function fieldHtml(value: string): string {
  return /^https?:\/\//.test(value) ? linkHtml(value) : esc(value);
}

/** An Admin::Account with its nested Account, as GET /api/v1/admin/accounts/:id answers. */
export function adminAccount(spec: AccountSpec, now: number, statusTimes: number[]) {
  const created = now - spec.ageMs;
  const id = idAt(created);
  const domain = spec.domain ?? null;
  const host = domain ?? LOCAL;
  const local = domain === null;
  const avatar = spec.avatar === false
    ? `https://${LOCAL}/avatars/original/missing.png`
    : `https://${LOCAL}/system/${local ? "" : "cache/"}accounts/avatars/${id}/original/${
      spec.username.slice(0, 4)
    }.jpg`;
  const note = spec.note
    ? (spec.note.startsWith("<") ? spec.note : renderText(spec.note).html)
    : "";
  const lastStatus = statusTimes.length ? Math.max(...statusTimes) : null;
  const account = {
    id,
    username: spec.username,
    acct: local ? spec.username : `${spec.username}@${domain}`,
    display_name: spec.displayName ?? "",
    locked: false,
    bot: spec.bot ?? false,
    discoverable: true,
    indexable: true,
    group: false,
    created_at: new Date(created - (created % DAY)).toISOString(),
    note,
    url: `https://${host}/@${spec.username}`,
    uri: `https://${host}/users/${spec.username}`,
    avatar,
    avatar_static: avatar,
    avatar_description: spec.avatarDescription ?? "",
    header: `https://${LOCAL}/headers/original/missing.png`,
    header_static: `https://${LOCAL}/headers/original/missing.png`,
    header_description: "",
    followers_count: spec.followers ?? 0,
    following_count: spec.following ?? 0,
    statuses_count: spec.statuses ?? statusTimes.length,
    last_status_at: lastStatus ? new Date(lastStatus).toISOString().slice(0, 10) : null,
    hide_collections: null,
    noindex: false,
    emojis: [],
    roles: [],
    fields: (spec.fields ?? []).map(([name, value]) => ({
      name,
      value: fieldHtml(value),
      verified_at: null,
    })),
  };
  return {
    id,
    username: spec.username,
    domain,
    created_at: new Date(created).toISOString(),
    email: local ? spec.email ?? `${spec.username}@mail.example` : null,
    ip: local ? spec.ip ?? null : null,
    confirmed: local ? spec.confirmed ?? true : null,
    suspended: false,
    silenced: false,
    sensitized: false,
    disabled: local ? false : null,
    approved: local ? spec.approved ?? true : null,
    locale: spec.locale ?? "en",
    invite_request: local ? spec.inviteRequest ?? null : null,
    ips: local && spec.ip ? [{ ip: spec.ip, used_at: new Date(created).toISOString() }] : [],
    created_by_application_id: spec.applicationId ?? null,
    invited_by_account_id: null,
    account,
    role: { id: "-99", name: "", permissions: "65536", color: "", highlighted: false },
  };
}

/** An image attachment; the same blurhash is the same picture. */
export interface MediaSpec {
  blurhash: string;
  description?: string;
}

/** What a case says about one status. */
export interface StatusSpec {
  text: string;
  /** Posted this long before the case's evaluation time. */
  agoMs: number;
  visibility?: "public" | "unlisted" | "private" | "direct";
  language?: string | null;
  spoiler?: string;
  media?: MediaSpec[];
  card?: string;
  replyTo?: boolean;
}

/** A Status entity by `account` (the public Account of an Admin::Account). */
export function statusJson(
  spec: StatusSpec,
  now: number,
  account: ReturnType<typeof adminAccount>["account"],
) {
  const at = now - spec.agoMs;
  const id = idAt(at);
  const { html, refs } = renderText(spec.text);
  const host = account.url.split("/")[2];
  return {
    id,
    created_at: new Date(at).toISOString(),
    in_reply_to_id: spec.replyTo ? idAt(at - HOUR) : null,
    in_reply_to_account_id: spec.replyTo ? refs.mentions[0]?.id ?? null : null,
    sensitive: false,
    spoiler_text: spec.spoiler ?? "",
    visibility: spec.visibility ?? "public",
    language: spec.language === undefined ? "en" : spec.language,
    uri: `https://${host}/users/${account.username}/statuses/${id}`,
    url: `https://${host}/@${account.username}/${id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    quotes_count: 0,
    edited_at: null,
    content: html,
    reblog: null,
    application: null,
    account,
    media_attachments: (spec.media ?? []).map((m, i) => {
      const mid = idAt(at - i - 1);
      const url = `https://${LOCAL}/system/media_attachments/files/${mid}/original/image.png`;
      return {
        id: mid,
        type: "image",
        url,
        preview_url: url.replace("/original/", "/small/"),
        remote_url: null,
        preview_remote_url: null,
        text_url: null,
        meta: { original: { width: 1200, height: 900, size: "1200x900", aspect: 1.333 } },
        description: m.description ?? null,
        blurhash: m.blurhash,
      };
    }),
    mentions: refs.mentions,
    tags: refs.tags,
    emojis: [],
    quote: null,
    card: spec.card
      ? { url: spec.card, title: "", description: "", type: "link", image: null }
      : null,
    poll: null,
  };
}
