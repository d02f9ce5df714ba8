/** Building the form body of `POST /api/v1/reports`. */

/** What to report; ids are Mastodon's, the comment is cut to Mastodon's 1000-character limit. */
export interface ReportRequest {
  accountId: string;
  statusIds?: string[];
  comment?: string;
  category?: "spam" | "legal" | "violation" | "other";
  ruleIds?: string[];
  forward?: boolean;
  forwardToDomains?: string[];
}

/** Mastodon refuses report comments longer than this many characters. */
export const MAX_COMMENT_CHARS = 1000;

/**
 * Cuts text to at most `max` characters (code points, as Mastodon counts them, so an emoji is
 * never split), preferring the last word boundary and ending with "…" when anything was cut.
 */
export function truncateComment(text: string, max = MAX_COMMENT_CHARS): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join("");
  // Keep max - 1 characters for the text and one for the ellipsis; a space right after the
  // kept text is a boundary too, so search up to index max - 1.
  const boundary = chars.slice(0, max).findLastIndex((c) => /\s/u.test(c));
  // A boundary too far back would throw most of the comment away; cut mid-word instead.
  const end = boundary >= (max - 1) / 2 ? boundary : max - 1;
  return chars.slice(0, end).join("").trimEnd() + "…";
}

/** The form body Mastodon (and Mastodon.py) use: repeated `status_ids[]`, `rule_ids[]`, ... */
export function reportForm(r: ReportRequest): URLSearchParams {
  const form = new URLSearchParams();
  form.set("account_id", r.accountId);
  for (const id of r.statusIds ?? []) form.append("status_ids[]", id);
  if (r.comment !== undefined) form.set("comment", truncateComment(r.comment));
  if (r.category !== undefined) form.set("category", r.category);
  for (const id of r.ruleIds ?? []) form.append("rule_ids[]", id);
  if (r.forward !== undefined) form.set("forward", String(r.forward));
  for (const domain of r.forwardToDomains ?? []) form.append("forward_to_domains[]", domain);
  return form;
}
