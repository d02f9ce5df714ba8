/**
 * Loads the compiled rule set from the store and keeps it until a cheap signature query shows
 * that a rule changed, so edits take effect at the next evaluation in every process. Loading
 * does not wait for regex safety checks: unchecked regexes run on re2js, and the set is
 * compiled again once their checks land, which moves the safe ones to V8.
 */
import type { Sql } from "../db/connect.ts";
import { loadEnabledRules, ruleSetSignature } from "../db/rules.ts";
import { type CompiledRuleSet, prepareRuleSetNow } from "./compile.ts";
import { type RegexChecker, regexChecker, UNLIMITED } from "./regex_checker.ts";
import type { StoredRule } from "./schema.ts";

interface Loaded {
  signature: string;
  rules: StoredRule[];
  invalid: CompiledRuleSet["errors"];
  set: CompiledRuleSet;
}

/** The current compiled rules, re-read when the rules table changed. */
export class RuleCache {
  private loaded?: Loaded;
  private loading?: Promise<CompiledRuleSet>;

  constructor(private readonly sql: Sql, private readonly checker: RegexChecker = regexChecker) {}

  /** The rule set as of now. Throws when the store cannot be read: callers fail closed. */
  async current(): Promise<CompiledRuleSet> {
    const signature = await ruleSetSignature(this.sql);
    const loaded = this.loaded;
    if (loaded && signature === loaded.signature && !this.checksLanded(loaded.set)) {
      return loaded.set;
    }
    // Concurrent callers share one reload instead of compiling the same rules N times.
    this.loading ??= this.reload(signature, loaded).finally(() => {
      this.loading = undefined;
    });
    return await this.loading;
  }

  private checksLanded(set: CompiledRuleSet): boolean {
    return set.unchecked.some((r) => this.checker.final(r.source, r.caseSensitive));
  }

  private async reload(signature: string, previous?: Loaded): Promise<CompiledRuleSet> {
    // Same rules, new verdicts: compile again without reading the store.
    const { rules, invalid } = previous?.signature === signature
      ? previous
      : await loadEnabledRules(this.sql);
    const set = await prepareRuleSetNow(rules, this.checker.request("stored-rules", UNLIMITED));
    set.errors.push(...invalid);
    this.loaded = { signature, rules, invalid, set };
    return set;
  }
}
