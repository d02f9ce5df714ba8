/**
 * Finds a domain name written in link text. The obvious regex, /(?:[a-z0-9-]+\.)+[a-z]{2,}/,
 * retries from every character of a long run of letters or dots and takes quadratic time; this
 * scan gives the same first match in one pass.
 */

const isLabelChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
const isLetter = (c: number) => c >= 97 && c <= 122;

/** How many letters (up to `max`) a label starts with. */
function letters(t: string, from: number, to: number, max = to - from): number {
  let n = 0;
  while (n < max && from + n < to && isLetter(t.charCodeAt(from + n))) n++;
  return n;
}

/**
 * The first domain in one run of [a-z0-9.-]. From a label, the regex takes every following
 * label it can (each non-empty and followed by a dot), then gives labels back until the next
 * one starts with two letters. If no label of that chain works, no later start inside the
 * chain can work either, so the scan moves past it.
 */
function domainInRun(t: string, start: number, end: number): string | undefined {
  const from: number[] = [];
  const to: number[] = [];
  let s = start;
  for (let k = start; k <= end; k++) {
    if (k === end || t.charCodeAt(k) === 46) {
      from.push(s);
      to.push(k);
      s = k + 1;
    }
  }
  const last = from.length - 1;
  let i = 0;
  while (i <= last) {
    if (from[i] === to[i]) {
      i++;
      continue;
    }
    let m = i;
    while (m < last && from[m] < to[m]) m++;
    for (let j = m; j > i; j--) {
      if (letters(t, from[j], to[j], 2) < 2) continue;
      return t.slice(from[i], from[j] + letters(t, from[j], to[j]));
    }
    i = m + 1;
  }
  return undefined;
}

/** The first match of /(?:[a-z0-9-]+\.)+[a-z]{2,}/ in (lower-case) `text`, in linear time. */
export function firstDomain(text: string): string | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isLabelChar(c) && c !== 46) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length) {
      const d = text.charCodeAt(end);
      if (!isLabelChar(d) && d !== 46) break;
      end++;
    }
    const found = domainInRun(text, i, end);
    if (found) return found;
    i = end;
  }
  return undefined;
}
