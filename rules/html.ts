/** Mastodon's status and profile HTML turned into plain text plus the links it carries. */

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

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Decodes the HTML entities Mastodon and remote servers emit. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const ATTR: Record<string, RegExp> = {
  href: /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  class: /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
};

function attr(attrs: string, name: "href" | "class"): string {
  const m = attrs.match(ATTR[name]);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "") : "";
}

// `[^<>]` keeps every alternative from scanning past the next "<", so unclosed tags stay linear.
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>|<!--[^<>]*-->|([^<]+)|</g;
/** Longer HTML is cut: no status needs more, and it bounds parsing time. */
export const MAX_HTML_CHARS = 100_000;
const BREAKS = new Set(["br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "pre"]);

/** Strips tags, keeping text, line breaks and link targets; never throws on broken HTML. */
export function parseHtml(html: string): HtmlText {
  if (!html.includes("<")) {
    const text = decodeEntities(html);
    return { text, textWithoutMentions: text, links: [] };
  }
  let text = "";
  let plain = "";
  const links: HtmlLink[] = [];
  let open: { href: string; cls: string; start: number } | undefined;
  for (const m of html.slice(0, MAX_HTML_CHARS).matchAll(TOKEN)) {
    const [, close, tagRaw, attrs, chunk] = m;
    if (chunk !== undefined || (tagRaw === undefined && m[0] === "<")) {
      const t = decodeEntities(chunk ?? "<");
      text += t;
      if (!open || !/\bmention\b/.test(open.cls) || /\bhashtag\b/.test(open.cls)) plain += t;
      continue;
    }
    if (tagRaw === undefined) continue;
    const tag = tagRaw.toLowerCase();
    if (tag === "a" && !close) {
      open = { href: attr(attrs, "href"), cls: attr(attrs, "class"), start: text.length };
    } else if (tag === "a" && close && open) {
      const linkText = text.slice(open.start);
      const kind = /\bhashtag\b/.test(open.cls) || linkText.startsWith("#")
        ? "hashtag"
        : /\bmention\b/.test(open.cls) || linkText.startsWith("@")
        ? "mention"
        : "link";
      if (open.href) links.push({ href: open.href, text: linkText, kind });
      // Keep the target in the text when the visible text hides it, so keywords see it.
      if (kind === "link" && open.href && !linkText.includes(stripScheme(open.href))) {
        text += ` ${open.href}`;
        plain += ` ${open.href}`;
      }
      open = undefined;
    } else if (BREAKS.has(tag)) {
      text += "\n";
      plain += "\n";
    }
  }
  return { text, textWithoutMentions: plain, links };
}

function stripScheme(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, "").replace(/\/$/, "");
}
