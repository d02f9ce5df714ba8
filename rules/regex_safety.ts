/**
 * Moderators write regexes, so a catastrophic pattern must not stall the engine. On save and on
 * load every pattern is assessed: `recheck` (a static ReDoS checker) decides whether V8 may run
 * it; patterns it calls vulnerable (or cannot decide in time) run on re2js, whose automaton is
 * linear-time; a pattern neither can run safely (backreferences or lookaround *and* not proved
 * safe) is rejected with the reason.
 */
import { RE2JS } from "re2js";
import { check } from "recheck";

/** Which engine runs a pattern, or why it is refused. */
export type RegexVerdict =
  | { ok: true; engine: "v8" | "re2"; reason: string }
  | { ok: false; reason: string };

/** A compiled pattern with a bounded cost per character of input. */
export interface SafeRegex {
  engine: "v8" | "re2";
  /** The first match in `text`, or undefined. */
  find(text: string): string | undefined;
}

/** Patterns longer than this are refused: nobody maintains them and they slow every status. */
export const MAX_PATTERN_LENGTH = 2000;
const RECHECK_TIMEOUT_MS = 5000;
// recheck's checks starve each other when run in parallel (all then time out), so they queue.
let queue: Promise<unknown> = Promise.resolve();

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

function recheckStatus(source: string, flags: string): Promise<string> {
  const run = queue.then(() => recheckNow(source, flags));
  queue = run.catch(() => {});
  return run;
}

async function recheckNow(source: string, flags: string): Promise<string> {
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

async function assess(source: string, flags: string): Promise<RegexVerdict> {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  try {
    new RegExp(source, flags);
  } catch (err) {
    return { ok: false, reason: `is not a valid regular expression: ${(err as Error).message}` };
  }
  const status = await recheckStatus(source, flags);
  if (status === "safe") return { ok: true, engine: "v8", reason: "recheck proved it linear" };
  const re2 = tryRe2(source, flags);
  const why = status.startsWith("vulnerable:")
    ? `can backtrack catastrophically (${status.slice(11)} time on crafted input)`
    : "could not be proved free of catastrophic backtracking";
  if (typeof re2 !== "string") {
    return { ok: true, engine: "re2", reason: `${why}; it runs on the linear-time engine` };
  }
  return {
    ok: false,
    reason: `${why}, and the linear-time engine cannot run it (${re2}); ` +
      "remove nested quantifiers such as (a+)+, or backreferences and lookaround",
  };
}

const memo = new Map<string, Promise<RegexVerdict>>();

/** Decides how a pattern may run (memoised: rules are re-assessed on every reload). */
export function assessRegex(source: string, caseSensitive = false): Promise<RegexVerdict> {
  const flags = regexFlags(source, caseSensitive);
  const key = `${flags}/${source}`;
  let v = memo.get(key);
  if (!v) {
    if (memo.size > 5000) memo.clear();
    v = assess(source, flags);
    memo.set(key, v);
  }
  return v;
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
    return { engine, find: (text) => re.exec(text)?.[0] };
  }
  const re = tryRe2(source, flags);
  if (typeof re === "string") throw new Error(`cannot run on the linear-time engine: ${re}`);
  return {
    engine,
    find: (text) => {
      const m = re.matcher(text);
      return m.find() ? m.group() ?? "" : undefined;
    },
  };
}
