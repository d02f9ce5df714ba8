/**
 * The evaluation's view of its input: each text parsed and normalised once, on first use, and
 * shared by every rule (rules never normalise text themselves).
 */
import { type HtmlLink, parseHtml } from "./html.ts";
import { normalizeKeepCase, normalizeText } from "./normalize.ts";
import type { TextField } from "./schema.ts";
import type { Account, AdminAccount, Counters, ParsedInput, Status } from "./types.ts";

/** Texts longer than this are scanned only up to it, which bounds the cost of every rule. */
export const MAX_SCAN_CHARS = 20_000;

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
  ) {}
  /** Normalised, case-folded text. */
  get text(): string {
    return this.folded ??= normalizeText(this.raw.slice(0, MAX_SCAN_CHARS));
  }
  /** Normalised text with its letter case. */
  get casedText(): string {
    return this.cased ??= normalizeKeepCase(this.raw.slice(0, MAX_SCAN_CHARS));
  }
}

/** A status with its parsed HTML and lazily built targets. */
export class PreparedStatus {
  readonly createdAt: number;
  readonly links: HtmlLink[];
  readonly plainText: string;
  private readonly targets = new Map<TextField, Target>();
  private readonly cache = new Map<string, unknown>();
  constructor(readonly status: Status) {
    this.createdAt = Date.parse(status.created_at);
    const html = parseHtml(status.content);
    this.plainText = html.textWithoutMentions;
    this.links = html.links;
    this.contentText = html.text;
  }
  private readonly contentText: string;

  /** A value derived from this status, computed once per evaluation whatever the rule count. */
  derived<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = compute();
    this.cache.set(key, v);
    return v;
  }

  /** Links that are neither mentions nor hashtags (the preview card's link included). */
  get webLinks(): string[] {
    return this.derived("webLinks", () => this.computeWebLinks());
  }

  private computeWebLinks(): string[] {
    const urls = this.links.filter((l) => l.kind === "link").map((l) => l.href);
    const card = this.status.card?.url;
    if (card && !urls.includes(card)) urls.push(card);
    return urls;
  }

  /** The target for a status field. */
  target(field: TextField): Target {
    let t = this.targets.get(field);
    if (!t) {
      const s = this.status;
      const raw = field === "content"
        ? this.contentText
        : field === "spoiler_text"
        ? s.spoiler_text
        : field === "media_alt"
        ? s.media_attachments.map((m) => m.description).filter(Boolean).join("\n")
        : field === "poll_options"
        ? (s.poll?.options ?? []).map((o) => o.title).join("\n")
        : this.webLinks.join("\n");
      t = new Target(field, raw, s.id);
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
  /** The account's own statuses (triggering first), reblogs left out: their text is not theirs. */
  readonly statuses: PreparedStatus[];
  private readonly accountTargets = new Map<TextField, Target>();

  constructor(input: ParsedInput) {
    this.now = typeof input.now === "number" ? input.now : input.now.getTime();
    this.account = input.account;
    this.admin = input.adminAccount ?? undefined;
    this.counters = input.counters;
    const seen = new Set<string>();
    this.statuses = [];
    for (const s of [...(input.status ? [input.status] : []), ...input.recentStatuses]) {
      if (seen.has(s.id) || s.reblog) continue;
      seen.add(s.id);
      this.statuses.push(new PreparedStatus(s));
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
        : a.fields.map((f) => `${f.name}\n${parseHtml(f.value).text}`).join("\n");
      t = new Target(field, raw);
      this.accountTargets.set(field, t);
    }
    return [t];
  }
}

/** A short excerpt of `text` around [start, end) for evidence. */
export function snippet(text: string, start = 0, end = text.length): string {
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, Math.max(end, start) + 40);
  const cut = text.slice(from, Math.min(to, from + 200));
  return `${from > 0 ? "…" : ""}${cut}${to < text.length ? "…" : ""}`;
}
