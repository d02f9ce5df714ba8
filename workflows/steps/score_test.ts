import assert from "node:assert/strict";
import { prepareRuleSet } from "../../rules/compile.ts";
import { EvaluatorPool } from "../../rules/offthread/pool.ts";
import { type OffThreadRuleSet, offThreadRuleSet } from "../../rules/offthread/rule_set.ts";
import { SLOW_MARK, slowPool } from "../../rules/offthread/testing.ts";
import { RuleInputSchema } from "../../rules/schema.ts";
import { startRun } from "../runs.ts";
import { drive, harness, spamAccount } from "../testing.ts";

const crypto = RuleInputSchema.parse({
  name: "crypto giveaway",
  detector_type: "keyword",
  pattern: "free crypto",
  weight: 4,
  mode: "report",
});

Deno.test("the score step scores in a worker when the rule set offers it", async () => {
  const h = await harness();
  const pool = new EvaluatorPool({ size: 1 });
  try {
    const rules = offThreadRuleSet(await prepareRuleSet([crypto]), pool);
    let offThread = 0;
    const watched: OffThreadRuleSet = {
      ...rules,
      evaluate: () => assert.fail("scored on the event loop"),
      evaluateOffThread: (input) => {
        offThread++;
        return rules.evaluateOffThread(input);
      },
    };
    h.deps.rules = () => Promise.resolve(watched);
    const { accountId } = spamAccount(h.mastodon);
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "done", run.error);
    assert.deepEqual(run.ruleNames, ["crypto giveaway"]);
    assert.equal(offThread, 1);
  } finally {
    pool.close();
    await h.close();
  }
});

Deno.test("a score past its time limit is a retryable step error: retried, then failed visibly", async () => {
  const h = await harness();
  const pool = slowPool(10_000, { size: 1, timeoutMs: 200 });
  try {
    const rules = offThreadRuleSet(await prepareRuleSet([crypto]), pool);
    h.deps.rules = () => Promise.resolve(rules);
    const { accountId } = spamAccount(h.mastodon);
    h.mastodon.addStatus(accountId, { content: `<p>${SLOW_MARK}</p>` });
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "failed");
    assert.equal(run.attempt, h.deps.config.maxAttempts);
    assert.match(run.error!, /took longer than 200 ms/);
    assert.equal(h.mastodon.reports.length, 0);
  } finally {
    pool.close();
    await h.close();
  }
});
