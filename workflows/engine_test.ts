import assert from "node:assert/strict";
import { prepareRuleSet } from "../rules/compile.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import { ruleSetOf } from "./engine.ts";
import { startRun } from "./runs.ts";
import { drive, harness, spamAccount } from "./testing.ts";

Deno.test("a run scored by the real rules engine reports the spam statuses it found", async () => {
  const h = await harness();
  try {
    const rule = RuleInputSchema.parse({
      name: "crypto giveaway",
      detector_type: "keyword",
      pattern: "free crypto",
      weight: 4,
      mode: "report",
    });
    const set = ruleSetOf(await prepareRuleSet([rule]));
    h.deps.rules = () => Promise.resolve(set);
    const { accountId, spamIds } = spamAccount(h.mastodon);
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "done", run.error);
    assert.deepEqual(run.ruleNames, ["crypto giveaway"]);
    const req = h.mastodon.calls.find((c) => c.method === "createReport")!.args[0] as {
      statusIds: string[];
    };
    assert.deepEqual(req.statusIds, [spamIds[0]]);
  } finally {
    await h.close();
  }
});
