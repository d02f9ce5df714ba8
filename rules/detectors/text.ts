/** Keyword and regex detectors over the normalised text fields. */
import { normalizeText } from "../normalize.ts";
import { type CompileContext, type Condition, MAX_EVIDENCE } from "../condition.ts";
import { snippet, type Target } from "../prepare.ts";
import { compileRegex, RE2_WINDOW, type SafeRegex } from "../regex_safety.ts";
import { type Params, PRIVATE_FIELDS, terms, type TextField } from "../schema.ts";
import type { Evidence } from "../types.ts";

/** What evidence from a private field says outside MastoWatch: where, never the text. */
function shared(field: TextField): { shared?: string } {
  const name = PRIVATE_FIELDS.get(field);
  return name ? { shared: `matched ${name} (not quoted: private)` } : {};
}

/** Matches any listed term, as a whole word or anywhere, through the shared keyword matcher. */
export function keywordCondition(
  pattern: string,
  params: Params<"keyword">,
  fields: TextField[],
  ctx: CompileContext,
): Condition {
  const ids = [
    ...new Set(
      terms(pattern).map(normalizeText).filter((t) => t !== "").map((t) => ctx.termId(t, fields)),
    ),
  ];
  const wanted = new Set<TextField>(fields);
  const wholeWord = params.match === "word";
  return (_p, memo) => {
    const index = memo.keywordHits();
    if (index.size === 0) return [];
    const evidence: Evidence[] = [];
    const seen = new Set<Target>();
    for (const id of ids) {
      for (const { target, hit } of index.get(id) ?? []) {
        if (!wanted.has(target.field) || (wholeWord && !hit.wholeWord) || seen.has(target)) {
          continue;
        }
        seen.add(target);
        evidence.push({
          status_id: target.statusId,
          field: target.field,
          text: snippet(target.text, hit.start, hit.end),
          ...shared(target.field),
        });
        if (evidence.length >= MAX_EVIDENCE) return evidence;
      }
    }
    return evidence;
  };
}

// Compiled regexes by engine, case and source. The starter pack runs one long pattern in two or
// three rules (alone, from a young account, sent to someone); on the linear-time engine each
// compile costs tens of milliseconds, and a worker compiles its set inside its first
// evaluation's time limit. Compiled regexes hold no per-match state, so rules can share them.
const compiled = new Map<string, SafeRegex>();
const MAX_COMPILED = 1000;

function sharedRegex(pattern: string, cs: boolean, engine: "v8" | "re2" | undefined): SafeRegex {
  const key = `${engine ?? "re2"}/${cs ? "cs" : "ci"}/${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, re = compileRegex(pattern, cs, engine));
  }
  return re;
}

/** Matches a regex on the normalised text (case-folded unless the rule is case-sensitive). */
export function regexCondition(
  pattern: string,
  params: Params<"regex">,
  fields: TextField[],
  ctx: CompileContext,
): Condition {
  const cs = params.case_sensitive;
  const re = sharedRegex(pattern, cs, ctx.regexEngine(pattern, cs));
  return (p) => {
    const evidence: Evidence[] = [];
    for (const field of fields) {
      for (const target of p.targets(field)) {
        const text = cs ? target.casedText : target.text;
        if (text === "") continue;
        const m = re.find(text);
        if (m === undefined) continue;
        evidence.push({
          status_id: target.statusId,
          field,
          text: m.index < 0
            ? `matches past its first ${RE2_WINDOW} characters: ${snippet(text, 0, 0)}`
            : snippet(text, m.index, m.index + m.match.length),
          ...shared(field),
        });
        if (evidence.length >= MAX_EVIDENCE) return evidence;
      }
    }
    return evidence;
  };
}
