/**
 * The benchmark's fixed workload: the statuses of generatePopulation(42), and the starter pack
 * plus 200 keyword and 20 regex rules; and the "bare regex" baseline that runs the same
 * patterns over the raw HTML without normalisation or rule logic.
 */
import { generatePopulation } from "../devserver/population/generate.ts";
import { type CompiledRuleSet, prepareRuleSet } from "../rules/compile.ts";
import { type RuleInput, RuleInputSchema, terms } from "../rules/schema.ts";
import { starterPack } from "../rules/starter_pack.ts";
import { AccountSchema, type ParsedInput, StatusSchema } from "../rules/types.ts";

const ADJ = [
  "cheap",
  "free",
  "instant",
  "secret",
  "guaranteed",
  "exclusive",
  "limited",
  "bonus",
  "discount",
  "miracle",
]; // deno-fmt-ignore
const NOUNS = ["pills", "loans", "casino", "followers", "tokens", "diet", "watches", "betting",
  "forex", "crypto", "likes", "boosts", "prizes", "coupons", "gifts", "signals", "airdrops",
  "giveaways", "deals", "offers"]; // deno-fmt-ignore

/** 200 keyword rules of three phrases each. */
export function keywordRules(): RuleInput[] {
  return Array.from({ length: 200 }, (_, i) =>
    RuleInputSchema.parse({
      name: `bench keyword ${i}`,
      detector_type: "keyword",
      pattern: [0, 1, 2].map((k) => `${ADJ[(i + k) % 10]} ${NOUNS[(i * 3 + k) % 20]}`).join(", "),
      weight: 0.1,
    }));
}

/** 20 regex rules of the kind moderators write. */
export const REGEXES = [
  "\\b(buy|order)\\s+\\w+\\s+(now|today)\\b",
  "\\b\\d{3}[-. ]\\d{3}[-. ]\\d{4}\\b",
  "\\bwhats?app\\s*\\+?\\d{6,}",
  "\\b(dm|message) me for (promo|collab)",
  "\\bt\\.me/\\w+",
  "\\b(earn|make) \\$?\\d+k? (a|per) (day|week)\\b",
  "\\bonlyfans\\.com/\\w+",
  "\\b(wallet|seed) phrase\\b",
  "\\b(100|200|300)% (bonus|profit|returns)\\b",
  "\\bclick (the )?link in (my )?bio\\b",
  "\\bno prescription\\b",
  "\\bwork from home\\b",
  "\\b(cialis|viagra|tramadol)\\b",
  "\\bact now\\b",
  "\\brisk[- ]free\\b",
  "\\b(investment|trading) (plan|platform)\\b",
  "\\bpromo code [a-z0-9]{4,}\\b",
  "\\b(hot|sexy) (singles|girls) (near|in) you\\b",
  "\\bfree (iphone|gift card)\\b",
  "\\bverify your (account|wallet)\\b",
]; // deno-fmt-ignore

/** 20 regex rules. */
export function regexRules(): RuleInput[] {
  return REGEXES.map((pattern, i) =>
    RuleInputSchema.parse({ name: `bench regex ${i}`, detector_type: "regex", pattern, weight: 0.1 })
  );
}

/** The statuses, parsed, each with its author, as the engine receives them. */
export function corpus(): ParsedInput[] {
  const pop = generatePopulation(42);
  return pop.accounts.flatMap((a) => {
    const account = AccountSchema.parse((a.admin as { account: unknown }).account);
    return a.statuses.map((s) => {
      const status = StatusSchema.parse(s);
      return {
        account,
        status,
        recentStatuses: [],
        counters: { texts: {}, links: {}, blurhashes: {} },
        now: Date.parse(status.created_at),
      };
    });
  });
}

/** Each account with up to 20 of its statuses, as the workflow evaluates an account. */
export function accountCorpus(): ParsedInput[] {
  const pop = generatePopulation(42);
  return pop.accounts.filter((a) => a.statuses.length > 0).map((a) => {
    const account = AccountSchema.parse((a.admin as { account: unknown }).account);
    const statuses = a.statuses.slice(-20).reverse().map((s) => StatusSchema.parse(s));
    return {
      account,
      status: statuses[0],
      recentStatuses: statuses.slice(1),
      counters: { texts: {}, links: {}, blurhashes: {} },
      now: Date.parse(statuses[0].created_at),
    };
  });
}

/** The full bench rule set, compiled with regex verdicts as in production. */
export async function benchRuleSet(): Promise<CompiledRuleSet> {
  return await prepareRuleSet([...starterPack(), ...keywordRules(), ...regexRules()]);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The same keyword lists and regexes as plain case-insensitive regexes, one per rule. */
export function bareRegexes(): RegExp[] {
  const kw = keywordRules().map((r) =>
    new RegExp(`\\b(?:${terms(r.pattern).map(escape).join("|")})\\b`, "i")
  );
  return [...kw, ...REGEXES.map((p) => new RegExp(p, "i"))];
}

/** The baseline: every regex over the raw content, counting matches. */
export function bareScan(regexes: RegExp[], input: ParsedInput): number {
  let n = 0;
  const text = input.status?.content ?? "";
  for (const re of regexes) if (re.test(text)) n++;
  return n;
}
