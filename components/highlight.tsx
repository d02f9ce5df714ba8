/**
 * Marks what a rule matched inside a piece of evidence. The engine stores a snippet of the
 * normalised text around each match; the match is found again here from the rule version that
 * hit: its terms for a keyword rule, its regex (run on re2js, in linear time) for a regex rule.
 * Other detectors' evidence is the matched thing itself and is marked whole.
 */
import type { ComponentChildren } from "preact";
import { RE2JS } from "re2js";
import { normalizeText } from "../rules/normalize.ts";
import { terms } from "../rules/schema.ts";

/** The parts of a rule version the highlighter reads. */
export interface RuleShape {
  detector_type?: unknown;
  pattern?: unknown;
  secondary_pattern?: unknown;
  params?: unknown;
}

type Span = [start: number, end: number];

function termSpans(text: string, pattern: string): Span[] {
  const spans: Span[] = [];
  for (const term of terms(pattern).map(normalizeText).filter((t) => t !== "")) {
    for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + term.length)) {
      spans.push([i, i + term.length]);
    }
  }
  return spans;
}

function regexSpans(text: string, pattern: string, caseSensitive: boolean): Span[] {
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern), caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch {
    return [];
  }
  const spans: Span[] = [];
  const m = re.matcher(text);
  while (spans.length < 50 && m.find()) {
    if (m.end() > m.start()) spans.push([m.start(), m.end()]);
  }
  return spans;
}

/** The character ranges of `text` the rule matched, sorted and merged. */
export function matchedSpans(text: string, rule: RuleShape | undefined): Span[] {
  const type = rule?.detector_type;
  const pattern = typeof rule?.pattern === "string" ? rule.pattern : "";
  const second = typeof rule?.secondary_pattern === "string" ? rule.secondary_pattern : "";
  const cs = (rule?.params as { case_sensitive?: unknown } | undefined)?.case_sensitive === true;
  let spans: Span[];
  if (type === "keyword") spans = [...termSpans(text, pattern), ...termSpans(text, second)];
  else if (type === "regex") spans = regexSpans(text, pattern, cs);
  else {
    // The evidence of other detectors names what they found; mark it without the ellipses.
    const start = text.startsWith("…") ? 1 : 0;
    const end = text.endsWith("…") ? text.length - 1 : text.length;
    spans = end > start ? [[start, end]] : [];
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** The evidence text with what matched inside <mark>. */
export function Highlighted({ text, rule }: { text: string; rule?: RuleShape }) {
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const [start, end] of matchedSpans(text, rule)) {
    if (start > at) out.push(text.slice(at, start));
    out.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return <q>{out}</q>;
}
