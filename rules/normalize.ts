/**
 * Text normalisation shared by rules and inputs, so that evasions fold to what moderators
 * wrote: NFKC (fullwidth, mathematical letters), invisible and bidi controls removed, look-alike
 * letters folded inside words that mix scripts, case folded, whitespace collapsed.
 */
import { confusablesMap } from "confusables";
import { MAX_MARK_RUN } from "./limits.ts";

// Zero-width, joiners, bidi embeddings/isolates/marks, soft hyphen, variation selectors, tags.
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDDEF]/g;
const WORD = /[\p{L}\p{N}\p{M}\p{So}]+/gu;
const ASCII_ALNUM = /[a-zA-Z0-9]/;
const NON_ASCII = /[^\u0020-\u007e\s]/;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;

function foldChar(ch: string): string {
  if (ch.charCodeAt(0) < 0x80) return ch;
  if (MARK.test(ch)) return "";
  return confusablesMap.get(ch) ?? ch;
}

/**
 * Folds look-alikes only in words that mix ASCII with other characters ("vіаgrа" with Cyrillic
 * letters) or that have no letters at all (🅥🅘🅐); whole words in another script stay as they
 * are, so Russian or Greek text is not turned into Latin gibberish.
 */
function foldWord(word: string): string {
  if (!NON_ASCII.test(word)) return word;
  if (!ASCII_ALNUM.test(word) && LETTER.test(word)) return word;
  let out = "";
  for (const ch of word) out += foldChar(ch);
  return out;
}

// A right-to-left override displays "argaiv" as "viagra": match what readers see.
const RLO = /\u202E([^\u202A-\u202E\u2066-\u2069\n]*)(?:\u202C|$)/g;

// NFKC reorders each run of combining marks, in time quadratic in the run's length; a
// grapheme joiner (removed with the other invisibles) after every MAX_MARK_RUN marks bounds it.
const MARK_RUN = new RegExp(`(\\p{M}{${MAX_MARK_RUN}})(?=\\p{M})`, "gu");

function visible(text: string): string {
  const shown = text.includes("\u202E")
    ? text.replace(RLO, (_, s: string) => [...s].reverse().join(""))
    : text;
  return shown.replace(MARK_RUN, "$1\u034F").normalize("NFKC").replace(INVISIBLE, "");
}

/** Normalises text for matching; pure ASCII takes a fast path. */
export function normalizeText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase().replace(/\s+/g, " ").trim();
  return visible(text).replace(WORD, foldWord).toLowerCase().replace(/\s+/g, " ").trim();
}

/** Like normalizeText but keeps letter case, for case-sensitive regex rules. */
export function normalizeKeepCase(text: string): string {
  if (!NON_ASCII.test(text)) return text.replace(/\s+/g, " ").trim();
  return visible(text).replace(WORD, foldWord).replace(/\s+/g, " ").trim();
}

/** True for characters that belong to words, for word-boundary keyword matches. */
export function isWordChar(code: number): boolean {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      code === 95;
  }
  return /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code));
}
