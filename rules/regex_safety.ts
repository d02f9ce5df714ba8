/**
 * Moderators write regexes, so a catastrophic pattern must not stall the engine. `recheck` (a
 * static ReDoS checker) decides whether V8 may run a pattern; patterns it calls vulnerable (or
 * cannot decide in time) run on re2js, whose automaton is linear-time; a pattern neither can run
 * safely (backreferences or lookaround *and* not proved safe) is refused with the reason. Until a
 * pattern has been checked it runs on re2js too (see regex_checker.ts, which schedules checks).
 */
import { RE2JS } from "re2js";
import { check } from "recheck";

/** Which engine runs a pattern, or why it is refused; `provisional` until recheck has run. */
export type RegexVerdict =
  | { ok: true; engine: "v8" | "re2"; reason: string; provisional?: boolean }
  | { ok: false; reason: string };

/** A compiled pattern with a bounded cost per character of input. */
export interface SafeRegex {
  engine: "v8" | "re2";
  /**
   * A match in `text` (the first, on V8) and where it starts, or undefined; index -1 when re2js
   * found that the text matches but not where (see RE2_WINDOW).
   */
  find(text: string): { match: string; index: number } | undefined;
}

/** Patterns longer than this are refused: nobody maintains them and they slow every status. */
export const MAX_PATTERN_LENGTH = 2000;
const RECHECK_TIMEOUT_MS = 5000;

/** What a pattern runs on before recheck has looked at it. */
export const UNCHECKED: RegexVerdict = {
  ok: true,
  engine: "re2",
  reason: "not checked for catastrophic backtracking yet; it runs on the linear-time engine " +
    "until it is",
  provisional: true,
};

/** The JS flags a rule's regex runs with. */
export function regexFlags(source: string, caseSensitive: boolean): string {
  return (caseSensitive ? "" : "i") + (/\\[pPu]\{/.test(source) ? "u" : "");
}

function re2Flags(flags: string): number {
  return flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0;
}

/** Compiles on the linear-time engine, or says why it cannot. */
function tryRe2(source: string, flags: string): RE2JS | string {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source), re2Flags(flags));
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Why the linear-time engine cannot run a pattern, or undefined when it can. */
export function re2Problem(source: string, flags: string): string | undefined {
  const re = tryRe2(source, flags);
  return typeof re === "string" ? re : undefined;
}

/** The refusal for a pattern that is too long or not a regex at all; undefined otherwise. */
export function syntaxVerdict(source: string, flags: string): RegexVerdict | undefined {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  try {
    new RegExp(source, flags);
  } catch (err) {
    return { ok: false, reason: `is not a valid regular expression: ${(err as Error).message}` };
  }
  return undefined;
}

/** Runs recheck once: "safe", "vulnerable:<complexity>", "unknown" or "timeout". */
export async function recheckStatus(source: string, flags: string): Promise<string> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve("timeout");
      }, RECHECK_TIMEOUT_MS + 2000);
    });
    const run = check(source, flags, { timeout: RECHECK_TIMEOUT_MS, signal: abort.signal })
      .then((d) => d.status === "vulnerable" ? `vulnerable:${d.complexity.type}` : d.status)
      .catch(() => "unknown");
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The final verdict on a valid pattern, from recheck's status. */
export function verdictOf(status: string, source: string, flags: string): RegexVerdict {
  if (status === "safe") return { ok: true, engine: "v8", reason: "recheck proved it linear" };
  const problem = re2Problem(source, flags);
  const why = status.startsWith("vulnerable:")
    ? `can backtrack catastrophically (${status.slice(11)} time on crafted input)`
    : "could not be proved free of catastrophic backtracking";
  if (problem === undefined) {
    return { ok: true, engine: "re2", reason: `${why}; it runs on the linear-time engine` };
  }
  return {
    ok: false,
    reason: `${why}, and the linear-time engine cannot run it (${problem}); ` +
      "remove nested quantifiers such as (a+)+, or backreferences and lookaround",
  };
}

/** Compiles a pattern for the engine a verdict chose; without a verdict, re2js is the default. */
export function compileRegex(
  source: string,
  caseSensitive: boolean,
  engine: "v8" | "re2" = "re2",
): SafeRegex {
  const flags = regexFlags(source, caseSensitive);
  if (engine === "v8") {
    // Case-insensitive rules read case-folded text, so a pattern without capital letters needs
    // no `i` flag, which V8 runs markedly slower; the verdict (made with `i`) still holds.
    const re = new RegExp(
      source,
      /[A-Z]/.test(source.replace(/\\./g, "")) ? flags : flags.replace("i", ""),
    );
    return {
      engine,
      find: (text) => {
        const m = re.exec(text);
        return m ? { match: m[0], index: m.index } : undefined;
      },
    };
  }
  const re = tryRe2(source, flags);
  if (typeof re === "string") throw new Error(`cannot run on the linear-time engine: ${re}`);
  // Anchors and word boundaries can match at a window's edge; such a match does not count.
  const bare = source.replace(/\\[^bB]/g, "");
  const edges = { start: /\^|\\[bB]/.test(bare), end: /\$|\\[bB]/.test(bare) };
  return { engine, find: (text) => findRe2(re, text, edges) };
}

/** Characters re2js's match finder (its slow NFA) looks at in one window. */
export const RE2_WINDOW = 512;

function matchRe2(
  re: RE2JS,
  text: string,
  offset = 0,
): { match: string; index: number } | undefined {
  const m = re.matcher(text);
  return m.find() ? { match: m.group() ?? "", index: offset + m.start() } : undefined;
}

/**
 * re2js answers "is there a match?" on its DFA, many times faster than it finds where (its NFA).
 * Most texts do not match, so the DFA decides; when one does, the match is looked for only in
 * the text's first and last RE2_WINDOW characters (index -1: matched, not located), which keeps
 * a long hostile text that matches a pattern with a costly NFA from costing more.
 */
function findRe2(
  re: RE2JS,
  text: string,
  edges: { start: boolean; end: boolean },
): { match: string; index: number } | undefined {
  if (!re.test(text)) return undefined;
  if (text.length <= 2 * RE2_WINDOW) return matchRe2(re, text);
  const head = matchRe2(re, text.slice(0, RE2_WINDOW));
  if (head && !(edges.end && head.index + head.match.length === RE2_WINDOW)) return head;
  const from = text.length - RE2_WINDOW;
  const tail = matchRe2(re, text.slice(from), from);
  if (tail && !(edges.start && tail.index === from)) return tail;
  return { match: "", index: -1 };
}
