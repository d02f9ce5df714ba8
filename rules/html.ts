/**
 * Mastodon's status and profile HTML turned into plain text plus the links it carries. Remote
 * servers write this HTML, so the tokenizer is a single forward scan: every character is looked
 * at a bounded number of times whatever the nesting, and unclosed tags cost nothing extra.
 */
import { linkAttributes } from "./html_attributes.ts";
import { decodeEntities } from "./html_entities.ts";
import { MAX_HTML_CHARS, MAX_LINK_TEXT, MAX_LINKS, MAX_TAG_NAME } from "./limits.ts";

export { decodeEntities } from "./html_entities.ts";
export { MAX_HTML_CHARS } from "./limits.ts";

/** A link in the HTML: its target, visible text and what Mastodon made it. */
export interface HtmlLink {
  href: string;
  text: string;
  kind: "link" | "mention" | "hashtag";
}

/** The text of an HTML fragment and its links. */
export interface HtmlText {
  /** Visible text (invisible spans included, since they hold the rest of the URL). */
  text: string;
  /** The text without mentions, for fingerprints that should not vary by recipient. */
  textWithoutMentions: string;
  links: HtmlLink[];
}

const BREAKS = new Set(["br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "pre"]);

/**
 * The next position of a character at or after `from`. Queries only move forward, so the
 * remembered answer is reused until passed: all lookups together scan the text once.
 */
class NextChar {
  private at = -2;
  constructor(private readonly s: string, private readonly ch: string) {}
  from(i: number): number {
    if (this.at !== -1 && this.at < i) this.at = this.s.indexOf(this.ch, i);
    return this.at;
  }
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

interface OpenLink {
  href: string;
  /** A mention's text is left out of `textWithoutMentions`. */
  mentionClass: boolean;
  hashtagClass: boolean;
  text: string;
}

/** Collects the text, the mention-free text and the links while the tokenizer walks. */
class Collector {
  private readonly parts: string[] = [];
  private readonly plain: string[] = [];
  readonly links: HtmlLink[] = [];
  open?: OpenLink;

  /** Adds text; a line break or an appended target is never part of a mention's text. */
  emit(t: string, kind: "text" | "break" | "target" = "text") {
    this.parts.push(t);
    const o = this.open;
    if (kind !== "text" || !o || !o.mentionClass || o.hashtagClass) this.plain.push(t);
    if (o && kind !== "target" && o.text.length < MAX_LINK_TEXT) {
      o.text += t.slice(0, MAX_LINK_TEXT - o.text.length);
    }
  }

  closeLink() {
    const o = this.open;
    if (!o) return;
    this.open = undefined;
    const kind = o.hashtagClass || o.text.startsWith("#")
      ? "hashtag"
      : o.mentionClass || o.text.startsWith("@")
      ? "mention"
      : "link";
    if (o.href && this.links.length < MAX_LINKS) {
      this.links.push({ href: o.href, text: o.text, kind });
    }
    // Keep the target in the text when the visible text hides it, so keywords see it.
    if (kind === "link" && o.href && !o.text.includes(stripScheme(o.href))) {
      this.emit(` ${o.href}`, "target");
    }
  }

  result(): HtmlText {
    return {
      text: this.parts.join(""),
      textWithoutMentions: this.plain.join(""),
      links: this.links,
    };
  }
}

function onTag(out: Collector, name: string, close: boolean, attrs: () => string) {
  if (name === "a" && !close) {
    const { href, cls } = linkAttributes(attrs());
    out.open = {
      href,
      mentionClass: /\bmention\b/.test(cls),
      hashtagClass: /\bhashtag\b/.test(cls),
      text: "",
    };
  } else if (name === "a" && close) {
    out.closeLink();
  } else if (BREAKS.has(name)) {
    out.emit("\n", "break");
  }
}

/** Strips tags, keeping text, line breaks and link targets; never throws on broken HTML. */
export function parseHtml(input: string): HtmlText {
  const html = input.slice(0, MAX_HTML_CHARS);
  if (!html.includes("<")) {
    const text = decodeEntities(html);
    return { text, textWithoutMentions: text, links: [] };
  }
  const out = new Collector();
  const lt = new NextChar(html, "<");
  const gt = new NextChar(html, ">");
  // Text between tags, stray "<" included, is emitted as one piece when a tag ends it.
  let text = 0;
  const flush = (to: number) => {
    if (to > text) out.emit(decodeEntities(html.slice(text, to)));
  };
  for (let i = lt.from(0); i >= 0; i = lt.from(i)) {
    // A tag or comment ends at the next ">" only if no "<" comes first; otherwise "<" is text.
    const close = gt.from(i + 1);
    const next = lt.from(i + 1);
    const closed = close >= 0 && (next < 0 || close < next);
    const slash = html.charCodeAt(i + 1) === 47;
    const start = i + (slash ? 2 : 1);
    const comment = closed && html.startsWith("<!--", i) && close >= i + 6 &&
      html.startsWith("--", close - 2);
    if (!comment && (!closed || !isNameStart(html.charCodeAt(start)))) {
      i++;
      continue;
    }
    flush(i);
    text = close + 1;
    if (!comment) {
      let end = start + 1;
      while (end < close && isNameChar(html.charCodeAt(end))) end++;
      // Names this long belong to no element the parser acts on.
      const name = end - start <= MAX_TAG_NAME ? html.slice(start, end).toLowerCase() : "";
      onTag(out, name, slash, () => html.slice(end, close));
    }
    i = close + 1;
  }
  flush(html.length);
  return out.result();
}

function stripScheme(url: string): string {
  const s = url.replace(/^[a-z]+:\/\//i, "");
  return s.endsWith("/") ? s.slice(0, -1) : s;
}
