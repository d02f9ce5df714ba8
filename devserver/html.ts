/** Renders post text into HTML the way Mastodon's formatter does (links, mentions, hashtags). */

/** A piece of a post before rendering. */
export type Segment =
  | { text: string }
  | { link: string }
  | { tag: string }
  | { mention: { acct: string; url: string; username: string } };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/**
 * A link as Mastodon shows it: scheme hidden, long URLs cut after 30 characters with the rest
 * in an invisible span (class "ellipsis" marks the cut).
 */
export function renderLink(url: string): string {
  const match = url.match(/^(https?:\/\/(?:www\.)?)(.*)$/);
  const prefix = match ? match[1] : "";
  const rest = match ? match[2] : url;
  const shown = rest.length > 30
    ? `<span class="ellipsis">${escapeHtml(rest.slice(0, 30))}</span><span class="invisible">${
      escapeHtml(rest.slice(30))
    }</span>`
    : `<span class="">${escapeHtml(rest)}</span><span class="invisible"></span>`;
  return `<a href="${
    escapeHtml(url)
  }" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${prefix}</span>${shown}</a>`;
}

/** A hashtag link pointing at the rendering server's tag page. */
export function renderTag(tag: string, base: string): string {
  return `<a href="${base}/tags/${
    encodeURIComponent(tag.toLowerCase())
  }" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag)}</span></a>`;
}

/** A mention in Mastodon's h-card markup. */
export function renderMention(m: { url: string; username: string }): string {
  return `<span class="h-card" translate="no"><a href="${
    escapeHtml(m.url)
  }" class="u-url mention">@<span>${escapeHtml(m.username)}</span></a></span>`;
}

/** Renders paragraphs (each a list of segments) into Mastodon's `<p>` HTML. */
export function renderContent(paragraphs: Segment[][], base: string): string {
  return paragraphs.map((segments) => {
    const inner = segments.map((s) => {
      if ("text" in s) return escapeHtml(s.text).replace(/\n/g, "<br />");
      if ("link" in s) return renderLink(s.link);
      if ("tag" in s) return renderTag(s.tag, base);
      return renderMention(s.mention);
    }).join("");
    return `<p>${inner}</p>`;
  }).join("");
}

/** The plain text Mastodon would have stored for the segments (used by DELETE's `text`). */
export function plainText(paragraphs: Segment[][]): string {
  return paragraphs.map((segments) =>
    segments.map((s) => {
      if ("text" in s) return s.text;
      if ("link" in s) return s.link;
      if ("tag" in s) return `#${s.tag}`;
      return `@${s.mention.acct}`;
    }).join("")
  ).join("\n\n");
}
