/**
 * The evaluation's view of its input: each text parsed and normalised once, on first use, and
 * shared by every rule (rules never normalise text themselves).
 */
import { type HtmlLink, MAX_HTML_CHARS, parseHtml } from "./html.ts";
import {
  MAX_EVALUATION_HTML_CHARS,
  MAX_EVALUATION_SCAN_CHARS,
  MAX_FIELDS,
  MAX_MEDIA,
  MAX_POLL_OPTIONS,
  MAX_SCAN_CHARS,
  MAX_URL_CHARS,
} from "./limits.ts";
import { normalizeKeepCase, normalizeText } from "./normalize.ts";
import type { ProfileFingerprint } from "./profile.ts";
import type { TextField } from "./schema.ts";
import type { Account, AdminAccount, Counters, ParsedInput, Status } from "./types.ts";

export { MAX_SCAN_CHARS } from "./limits.ts";

const STATUS_FIELDS = new Set<TextField>([
  "content",
  "spoiler_text",
  "media_alt",
  "poll_options",
  "links",
]);

/** One text a rule can read: a field of a status or of the account. */
export class Target {
  private folded?: string;
  private cased?: string;
  constructor(
    readonly field: TextField,
    readonly raw: string,
    readonly statusId?: string,
    /** How many characters of `raw` are matched. */
    readonly limit = MAX_SCAN_CHARS,
  ) {}
  /** Normalised, case-folded text. */
  get text(): string {
    return this.folded ??= normalizeText(this.raw.slice(0, this.limit));
  }
  /** Normalised text with its letter case. */
  get casedText(): string {
    return this.cased ??= normalizeKeepCase(this.raw.slice(0, this.limit));
  }
}

/** A link a link detector reads: the status's web links, then its preview card's. */
export interface WebLink {
  href: string;
  text: string;
}

const STATUS_TEXT_FIELDS = [
  "content",
  "spoiler_text",
  "media_alt",
  "poll_options",
  "links",
] as const;

/** A status with its parsed HTML and lazily built targets. */
export class PreparedStatus {
  readonly createdAt: number;
  readonly links: HtmlLink[];
  readonly plainText: string;
  /** Characters of each of this status's texts that rules match. */
  readonly scanLimit: number;
  private readonly targets = new Map<TextField, Target>();
  private readonly cache = new Map<string, unknown>();
  private readonly contentText: string;
  constructor(readonly status: Status, scanLimit = MAX_SCAN_CHARS, htmlLimit = MAX_HTML_CHARS) {
    this.createdAt = Date.parse(status.created_at);
    const html = parseHtml(status.content.slice(0, htmlLimit));
    this.plainText = html.textWithoutMentions;
    this.links = html.links;
    this.contentText = html.text;
    this.scanLimit = Math.min(MAX_SCAN_CHARS, scanLimit);
  }

  /** How many characters rules may match in this status, over all its texts. */
  get scanCost(): number {
    let n = 0;
    for (const f of STATUS_TEXT_FIELDS) n += Math.min(this.scanLimit, this.raw(f).length);
    return n;
  }

  /** A value derived from this status, computed once per evaluation whatever the rule count. */
  derived<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = compute();
    this.cache.set(key, v);
    return v;
  }

  /** Links that are neither mentions nor hashtags (the preview card's link included). */
  get webLinks(): string[] {
    return this.derived("webLinks", () => {
      const urls = this.links.filter((l) => l.kind === "link").map((l) => l.href);
      const card = this.cardUrl;
      if (card && !urls.includes(card)) urls.push(card);
      return urls;
    });
  }

  /** The web links with their visible text, the preview card's last (with no text). */
  get webLinkItems(): WebLink[] {
    return this.derived("webLinkItems", () => {
      const items: WebLink[] = this.links.filter((l) => l.kind === "link");
      return this.cardUrl ? [...items, { href: this.cardUrl, text: "" }] : items;
    });
  }

  private get cardUrl(): string | undefined {
    return this.status.card?.url?.slice(0, MAX_URL_CHARS) || undefined;
  }

  /** The media attachments the detectors read. */
  get media(): Status["media_attachments"] {
    return this.status.media_attachments.slice(0, MAX_MEDIA);
  }

  private raw(field: (typeof STATUS_TEXT_FIELDS)[number]): string {
    return this.derived(`raw:${field}`, () => {
      const s = this.status;
      return field === "content"
        ? this.contentText
        : field === "spoiler_text"
        ? s.spoiler_text
        : field === "media_alt"
        ? this.media.map((m) => m.description).filter(Boolean).join("\n")
        : field === "poll_options"
        ? (s.poll?.options ?? []).slice(0, MAX_POLL_OPTIONS).map((o) => o.title).join("\n")
        : this.webLinks.join("\n");
    });
  }

  /** The target for a status field. */
  target(field: TextField): Target {
    let t = this.targets.get(field);
    if (!t) {
      const f = field as (typeof STATUS_TEXT_FIELDS)[number];
      t = new Target(field, this.raw(f), this.status.id, this.scanLimit);
      this.targets.set(field, t);
    }
    return t;
  }
}

/** Everything the detectors read for one evaluation. */
export class Prepared {
  readonly now: number;
  readonly account: Account;
  readonly admin?: AdminAccount;
  readonly counters: Counters;
  readonly previousProfile?: ProfileFingerprint;
  /** The account's own statuses (triggering first), reblogs left out: their text is not theirs. */
  readonly statuses: PreparedStatus[];
  private readonly accountTargets = new Map<TextField, Target>();

  constructor(input: ParsedInput) {
    this.now = typeof input.now === "number" ? input.now : input.now.getTime();
    this.account = input.account;
    this.admin = input.adminAccount ?? undefined;
    this.counters = input.counters;
    this.previousProfile = input.previousProfile ?? undefined;
    const seen = new Set<string>();
    this.statuses = [];
    // Budgets for the whole evaluation: a long history of huge statuses is parsed and matched
    // only up to them, the triggering status first.
    let budget = MAX_EVALUATION_SCAN_CHARS;
    let html = MAX_EVALUATION_HTML_CHARS;
    for (const s of [...(input.status ? [input.status] : []), ...input.recentStatuses]) {
      if (seen.has(s.id) || s.reblog) continue;
      seen.add(s.id);
      const prepared = new PreparedStatus(s, budget, html);
      budget = Math.max(0, budget - prepared.scanCost);
      html = Math.max(0, html - Math.min(MAX_HTML_CHARS, s.content.length));
      this.statuses.push(prepared);
    }
  }

  /** When the account was created: Admin::Account's exact time, else the public (day) one. */
  get createdAt(): number {
    return Date.parse(this.admin?.created_at ?? this.account.created_at);
  }

  private readonly statusTargets = new Map<TextField, Target[]>();

  /** Every target for a field: one per status, or the account's one. */
  targets(field: TextField): Target[] {
    if (STATUS_FIELDS.has(field)) {
      let list = this.statusTargets.get(field);
      if (!list) this.statusTargets.set(field, list = this.statuses.map((s) => s.target(field)));
      return list;
    }
    let t = this.accountTargets.get(field);
    if (!t) {
      const a = this.account;
      const raw = field === "display_name"
        ? a.display_name
        : field === "username"
        ? a.username
        : field === "note"
        ? parseHtml(a.note).text
        : field === "avatar_description"
        ? a.avatar_description
        : field === "invite_request"
        ? this.admin?.invite_request ?? ""
        : a.fields.slice(0, MAX_FIELDS)
          .map((f) => `${f.name.slice(0, MAX_SCAN_CHARS)}\n${fieldText(f.value)}`).join("\n");
      t = new Target(field, raw);
      this.accountTargets.set(field, t);
    }
    return [t];
  }
}

// A field's value is matched only up to MAX_SCAN_CHARS, so no more of its HTML is parsed.
const fieldText = (html: string) => parseHtml(html.slice(0, MAX_SCAN_CHARS)).text;

/** A short excerpt of `text` around [start, end) for evidence. */
export function snippet(text: string, start = 0, end = text.length): string {
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, Math.max(end, start) + 40);
  const cut = text.slice(from, Math.min(to, from + 200));
  return `${from > 0 ? "…" : ""}${cut}${to < text.length ? "…" : ""}`;
}
