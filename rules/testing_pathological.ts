/**
 * Attacker-written inputs for timing tests: every shape that has cost, or could cost, more than
 * linear time in a parser or detector, placed in every text a remote server writes (status
 * HTML, link text, link targets, the preview card, spoilers, media, polls, display names,
 * usernames, bios, profile fields), plus crowds of mentions, links and statuses.
 */
import { compileRuleSet } from "./compile.ts";
import { evaluate } from "./engine.ts";
import { account, NOW, rule, status } from "./testing.ts";
import type { EngineInput } from "./types.ts";

/** The size of each pathological text. */
export const SIZE = 100_000;

const times = (s: string, n: number) => s.repeat(Math.max(1, Math.floor(n / s.length)));

/** Hostile texts of about `n` characters, by shape. */
export function hostileTexts(n = SIZE): Record<string, string> {
  return {
    "unclosed tag": "<" + "a".repeat(n - 1),
    "unclosed tags": times("<a", n),
    "unclosed comments": times("<!--", n),
    "unclosed attribute": `<a href="${"x".repeat(n)}`,
    "attribute soup": `<a ${times('x="1" ', n)}href="https://e.example/">t</a>`,
    "letters": "a".repeat(n),
    "domain-like dots": times("a.", n),
    "domain-like words": times("aaaa.bbbb.", n),
    "hyphen runs": times("a-", n),
    "slash runs": "https://e.example" + "/".repeat(n) + "x",
    "entity soup": times("&#x1", n) + times("&a", n / 2),
    "zero-width flood": times("v\u200B", n),
    "combining marks": "a" + times("\u0301\u0316", n),
    "bidi overrides": times("\u202E" + "a".repeat(50) + "\u202A", n),
    "deep nesting": times("<b>", n / 2) + "x" + times("</b>", n / 2),
    "open links": times('<a href="https://e.example/">x', n),
    "mixed scripts": times("vі", n),
  };
}

const link = (href: string, text: string) => `<p><a href="${href}">${text}</a></p>`;

/** Statuses carrying one hostile text each, in every place a status holds text. */
export function hostileStatuses(n = SIZE): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  for (const [shape, text] of Object.entries(hostileTexts(n))) {
    out.push([`${shape} as content`, status(text)]);
    out.push([`${shape} in a paragraph`, status(`<p>${text}</p>`)]);
    out.push([`${shape} as link text`, status(link("https://e.example/", text))]);
    out.push([`${shape} as link target`, status(link(`https://${text}.example/`, "x"))]);
    out.push([
      `${shape} as card`,
      status("<p>x</p>", { card: { url: `https://e.example/${text}` } }),
    ]);
    out.push([`${shape} as spoiler`, status("<p>x</p>", { spoiler_text: text })]);
    out.push([`${shape} as media`, status("<p>x</p>", { media_attachments: [media(text)] })]);
    out.push([`${shape} as poll`, status("<p>x</p>", { poll: { options: [{ title: text }] } })]);
  }
  const url = "https://e.example/" + "x".repeat(n);
  out.push(["huge URL", status(link(url, url))]);
  const mentions = Array.from({ length: n / 50 }, (_, i) => ({ id: String(i), acct: `u${i}` }));
  const mentionHtml = mentions.map((m) =>
    `<a href="https://s.example/@${m.acct}" class="u-url mention">@${m.acct}</a>`
  ).join(" ");
  out.push(["thousands of mentions", status(mentionHtml, { mentions })]);
  out.push(["thousands of links", status(times(link("https://e.example/a", "e.example/a"), n))]);
  out.push([
    "thousands of hashtags",
    status("<p>x</p>", { tags: mentions.map((m) => ({ name: m.acct })) }),
  ]);
  const many = Array.from({ length: 500 }, (_, i) => media(`d${i}`));
  out.push(["hundreds of attachments", status("<p>x</p>", { media_attachments: many })]);
  return out;
}

function media(text: string) {
  return {
    id: "m",
    type: "image",
    url: `https://files.example/${text}.png`,
    remote_url: null,
    description: text,
    blurhash: text.slice(0, 1000),
  };
}

/** Accounts carrying one hostile text each, in every place a profile holds text. */
export function hostileAccounts(n = SIZE): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  for (const [shape, text] of Object.entries(hostileTexts(n))) {
    out.push([`${shape} as display name`, account({ display_name: text })]);
    out.push([`${shape} as username`, account({ username: text, acct: text })]);
    out.push([`${shape} as bio`, account({ note: text })]);
    out.push([`${shape} as profile field`, account({ fields: [{ name: text, value: text }] })]);
    out.push([`${shape} as avatar`, account({ avatar: `https://e.example/${text}` })]);
  }
  const fields = Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}`, value: `v${i}` }));
  out.push(["a thousand profile fields", account({ fields })]);
  return out;
}

/** Every hostile input: each hostile status (with a new account), then each hostile account. */
export function hostileInputs(n = SIZE): [string, EngineInput][] {
  const young = { created_at: new Date(NOW - 3_600_000).toISOString() };
  // Mastodon-shaped JSON, as the engine receives it; it parses (and checks) the shape itself.
  const inputs: [string, unknown][] = [];
  for (const [name, s] of hostileStatuses(n)) {
    inputs.push([name, { account: account(young), status: s, now: NOW }]);
  }
  for (const [name, a] of hostileAccounts(n)) {
    inputs.push([name, { account: a, status: status("<p>hi</p>"), now: NOW }]);
  }
  // A long history of huge, distinct statuses: what near-duplicate detection compares pairwise.
  const history = Array.from(
    { length: 40 },
    (_, k) => status(`<p>${k} ${times(`w${k} `, n / 4)}</p>`),
  );
  inputs.push(["forty huge statuses", {
    account: account(young),
    recentStatuses: history,
    now: NOW,
  }]);
  return inputs as [string, EngineInput][];
}

/** The best of three timed runs of `fn` after one warm-up (noise only ever adds time). */
export function bestTime(fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Evaluates each hostile input against `rules`; returns the inputs slower than `ceilingMs`. */
export function slowInputs(rules: Record<string, unknown>[], ceilingMs = 50): string[] {
  const set = compileRuleSet(rules.map((r, i) => rule({ name: `r${i}`, ...r })));
  if (set.errors.length) throw new Error(JSON.stringify(set.errors));
  return slowFor((input) => evaluate(set, input), ceilingMs);
}

/** Like slowInputs, for any evaluation of an input. */
export function slowFor(run: (input: EngineInput) => unknown, ceilingMs = 50): string[] {
  const slow: string[] = [];
  for (const [name, input] of hostileInputs()) {
    let ms = bestTime(() => run(input));
    // A machine busy with other work only ever adds time: look again before calling it slow.
    for (let again = 0; again < 3 && ms >= ceilingMs; again++) {
      ms = Math.min(ms, bestTime(() => run(input)));
    }
    if (ms >= ceilingMs) slow.push(`${name}: ${ms.toFixed(1)} ms`);
  }
  return slow;
}

/** The checks of a detector as rules, one per check. */
export function everyCheck(
  detector: string,
  checks: [string, string, Record<string, unknown>?][],
): Record<string, unknown>[] {
  return checks.map(([check, pattern, params]) => ({
    detector_type: detector,
    pattern,
    params: { check, ...params },
  }));
}
