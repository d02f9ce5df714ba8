import assert from "node:assert/strict";
import { listAudit } from "../db/audit.ts";
import { listReportsByAccount } from "../db/reports.ts";
import { setSetting } from "../db/settings.ts";
import { startRun } from "./runs.ts";
import { drive, harness, spamAccount, type TestRule } from "./testing.ts";

Deno.test("a spam account gets one report citing its spam statuses, category and rules", async () => {
  const h = await harness();
  try {
    const { accountId, spamIds } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const run = await drive(h.deps, runId);
    assert.equal(run.state, "done");
    assert.equal(run.decision, "reported");
    assert.equal(h.mastodon.reports.length, 1);
    const call = h.mastodon.calls.find((c) => c.method === "createReport")!;
    const req = call.args[0] as { statusIds: string[]; comment: string; category: string };
    assert.deepEqual([...req.statusIds].sort(), [...spamIds].sort());
    assert.equal(req.category, "spam");
    assert.ok(Array.from(req.comment).length <= 1000);
    assert.match(req.comment, /score 5/);
    assert.match(req.comment, /crypto-giveaway/);
    assert.match(req.comment, /shady-link/);
    assert.ok(req.comment.includes(`https://watch.example/accounts/${accountId}`));
    assert.ok(req.comment.includes(runId));
    const stored = await listReportsByAccount(h.deps.sql, accountId);
    assert.equal(stored.items.length, 1);
    const audit = await listAudit(h.deps.sql, { accountId });
    assert.deepEqual(audit.items.map((a) => a.action), ["reported"]);
    assert.equal(h.sent.length, 1, "report.filed notification sent");
  } finally {
    await h.close();
  }
});

Deno.test("rules citing server rules file a violation report with those rule ids", async () => {
  const h = await harness({
    rules: [{ name: "hate", term: "free crypto", weight: 5, ruleIds: ["1"] }],
  });
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "webhook" });
    await drive(h.deps, runId);
    const req = h.mastodon.calls.find((c) => c.method === "createReport")!.args[0] as {
      category: string;
      ruleIds: string[];
    };
    assert.equal(req.category, "violation");
    assert.deepEqual(req.ruleIds, ["1"]);
  } finally {
    await h.close();
  }
});

Deno.test("a remote account's report is forwarded when configured", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon, "remote.example");
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    const req = h.mastodon.calls.find((c) => c.method === "createReport")!.args[0] as {
      forward?: boolean;
    };
    assert.equal(req.forward, true);
  } finally {
    await h.close();
  }
});

const SKIPS: [string, TestRule[], string][] = [
  [
    "below the threshold",
    [{ name: "mild", term: "free crypto", weight: 1 }],
    "skipped_below_threshold",
  ],
  [
    "hit only by shadow rules",
    [{ name: "probe", term: "free crypto", weight: 9, mode: "shadow" }],
    "skipped_shadow",
  ],
];

for (const [name, rules, action] of SKIPS) {
  Deno.test(`an account ${name} is not reported, and the decision is audited`, async () => {
    const h = await harness({ rules });
    try {
      const { accountId } = spamAccount(h.mastodon);
      const run = await drive(
        h.deps,
        (await startRun(h.deps, { accountId, trigger: "poll" })).runId,
      );
      assert.equal(run.state, "skipped");
      assert.equal(h.mastodon.reports.length, 0);
      const audit = await listAudit(h.deps.sql, { accountId });
      assert.deepEqual(audit.items.map((a) => a.action), [action]);
    } finally {
      await h.close();
    }
  });
}

Deno.test("in dry-run mode a spam account is not reported, and the decision is audited", async () => {
  const h = await harness();
  try {
    await setSetting(h.deps.sql, "dry_run", true, "moderator");
    const { accountId } = spamAccount(h.mastodon);
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "skipped");
    assert.equal(run.decision, "skipped_dry_run");
    assert.equal(h.mastodon.reports.length, 0);
    const audit = await listAudit(h.deps.sql, { accountId });
    assert.deepEqual(audit.items.map((a) => a.action), ["skipped_dry_run"]);
  } finally {
    await h.close();
  }
});
