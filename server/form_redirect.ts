/**
 * Lets the UI's plain HTML forms use the JSON API: a successful form POST from a browser is
 * answered with a redirect back to the page it came from (same origin only).
 */
import type { Context } from "hono";
import { wantsHtml } from "./auth.ts";

function backTo(referer: string | undefined, requestUrl: string): string {
  if (!referer) return "/";
  try {
    const r = new URL(referer);
    const u = new URL(requestUrl);
    return r.origin === u.origin ? `${r.pathname}${r.search}` : "/";
  } catch {
    return "/";
  }
}

/** After the handler: turns a browser's successful form POST into a 303 back to its page. */
export function redirectSubmittedForm(c: Context): void {
  if (c.req.method !== "POST" || c.res.status < 200 || c.res.status >= 300) return;
  const type = c.req.header("content-type") ?? "";
  if (/form-urlencoded|multipart/.test(type) && wantsHtml(c)) {
    c.res = c.redirect(backTo(c.req.header("referer"), c.req.url), 303);
  }
}
