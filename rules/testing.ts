/** Builders for engine tests: Mastodon-shaped JSON with only what a test cares about. */
import { compileRuleSet, prepareRuleSet } from "./compile.ts";
import { evaluate } from "./engine.ts";
import { type RuleInput, RuleInputSchema } from "./schema.ts";
import type { EngineInput, Verdict } from "./types.ts";

/** The fixed evaluation time of tests. */
export const NOW = Date.parse("2026-11-01T12:00:00Z");
let seq = 100;

/** A Mastodon Account JSON, a year old with a real avatar unless overridden. */
export function account(over: Record<string, unknown> = {}) {
  return {
    id: "1",
    username: "anna_schmidt",
    acct: "anna_schmidt",
    display_name: "Anna Schmidt",
    note: "<p>Gardener and cyclist.</p>",
    bot: false,
    created_at: "2025-11-01T00:00:00.000Z",
    avatar: "https://example.social/system/accounts/avatars/1/original/a.jpg",
    followers_count: 120,
    following_count: 80,
    statuses_count: 300,
    fields: [],
    ...over,
  };
}

/** A public Mastodon Status JSON with the given HTML content. */
export function status(content: string, over: Record<string, unknown> = {}) {
  return {
    id: String(seq++),
    created_at: "2026-11-01T11:00:00.000Z",
    visibility: "public",
    content,
    spoiler_text: "",
    media_attachments: [],
    mentions: [],
    tags: [],
    poll: null,
    card: null,
    reblog: null,
    ...over,
  };
}

/** Parses a rule the way the API does, report mode unless said otherwise. */
export function rule(r: Record<string, unknown>): RuleInput {
  return RuleInputSchema.parse({ name: "test rule", mode: "report", ...r });
}

/** Evaluates one rule (regexes on the default engine) against an input. */
export function run(r: Record<string, unknown>, input: Partial<EngineInput>): Verdict {
  const set = compileRuleSet([rule(r)]);
  if (set.errors.length) throw new Error(set.errors[0].message);
  return evaluate(set, { account: account(), now: NOW, ...input } as EngineInput);
}

/** Like run, with regexes assessed as on save. */
export async function runAssessed(r: Record<string, unknown>, input: Partial<EngineInput>) {
  const set = await prepareRuleSet([rule(r)]);
  return evaluate(set, { account: account(), now: NOW, ...input } as EngineInput);
}

/** True when the verdict has a hit. */
export function hit(v: Verdict): boolean {
  return v.hits.length > 0;
}
