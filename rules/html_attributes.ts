/**
 * The attributes of a link tag, read by a forward scan that stops after a fixed number of
 * attributes and keeps bounded values, so attribute soup costs no more than its length.
 */
import { decodeEntities } from "./html_entities.ts";
import { MAX_ATTRIBUTE_CHARS, MAX_ATTRIBUTES, MAX_CLASS_CHARS, MAX_TAG_NAME } from "./limits.ts";

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** The `href` and `class` of a tag's attribute text (the part after the tag name). */
export function linkAttributes(s: string): { href: string; cls: string } {
  let href: string | undefined;
  let cls: string | undefined;
  let i = 0;
  for (let n = 0; n < MAX_ATTRIBUTES && i < s.length; n++) {
    while (i < s.length && (isSpace(s.charCodeAt(i)) || s[i] === "/")) i++;
    if (i >= s.length) break;
    const nameStart = i;
    // A name may begin with "=" (HTML says so); every later "=" ends it.
    if (s[i] === "=") i++;
    while (i < s.length && !isSpace(s.charCodeAt(i)) && s[i] !== "=" && s[i] !== "/") i++;
    const name = s.slice(nameStart, Math.min(i, nameStart + MAX_TAG_NAME)).toLowerCase();
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    let value = "";
    if (s[i] === "=") {
      i++;
      while (i < s.length && isSpace(s.charCodeAt(i))) i++;
      const quote = s[i];
      if (quote === '"' || quote === "'") {
        const end = s.indexOf(quote, i + 1);
        const stop = end < 0 ? s.length : end;
        value = s.slice(i + 1, Math.min(stop, i + 1 + MAX_ATTRIBUTE_CHARS));
        i = stop + 1;
      } else {
        const start = i;
        while (i < s.length && !isSpace(s.charCodeAt(i))) i++;
        value = s.slice(start, Math.min(i, start + MAX_ATTRIBUTE_CHARS));
      }
    }
    if (name === "href") href ??= value;
    else if (name === "class") cls ??= value.slice(0, MAX_CLASS_CHARS);
  }
  return { href: decodeEntities(href ?? ""), cls: decodeEntities(cls ?? "") };
}
