/**
 * Loads the compiled rule set from the store and keeps it until a cheap signature query shows
 * that a rule changed, so edits take effect at the next evaluation in every process.
 */
import type { Sql } from "../db/connect.ts";
import { loadEnabledRules, ruleSetSignature } from "../db/rules.ts";
import { type CompiledRuleSet, prepareRuleSet } from "./compile.ts";

/** The current compiled rules, re-read when the rules table changed. */
export class RuleCache {
  private signature?: string;
  private set?: CompiledRuleSet;
  private loading?: Promise<CompiledRuleSet>;

  constructor(private readonly sql: Sql) {}

  /** The rule set as of now. Throws when the store cannot be read: callers fail closed. */
  async current(): Promise<CompiledRuleSet> {
    const signature = await ruleSetSignature(this.sql);
    if (this.set && signature === this.signature) return this.set;
    // Concurrent callers share one reload instead of compiling the same rules N times.
    this.loading ??= this.reload(signature).finally(() => {
      this.loading = undefined;
    });
    return await this.loading;
  }

  private async reload(signature: string): Promise<CompiledRuleSet> {
    const { rules, invalid } = await loadEnabledRules(this.sql);
    const set = await prepareRuleSet(rules);
    set.errors.push(...invalid);
    this.set = set;
    this.signature = signature;
    return set;
  }
}
