/** Reading Mastodon's `Link` pagination headers and ordering its ids. */

/** Where the neighbouring pages start, as Mastodon announces them in the `Link` header. */
export interface PageLinks {
  next?: { maxId: string };
  prev?: { minId: string };
}

const LINK_PART = /<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g;

/** Parses a `Link` header into the `max_id` of the next (older) and `min_id` of the prev (newer) page. */
export function parseLinkHeader(header: string | null | undefined): PageLinks {
  const links: PageLinks = {};
  if (!header) return links;
  for (const [, href, rel] of header.matchAll(LINK_PART)) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    const rels = rel.trim().split(/\s+/);
    const maxId = url.searchParams.get("max_id");
    const minId = url.searchParams.get("min_id") ?? url.searchParams.get("since_id");
    if (rels.includes("next") && maxId) links.next = { maxId };
    if (rels.includes("prev") && minId) links.prev = { minId };
  }
  return links;
}

/**
 * Orders two Mastodon ids. Ids are strings to callers, but Mastodon's are decimal integers
 * (Snowflake-like, growing with time) that overflow a double, so compare length first.
 * Non-numeric ids fall back to plain string order.
 */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
