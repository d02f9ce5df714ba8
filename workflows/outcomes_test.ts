import assert from "node:assert/strict";
import { listReportsByAccount } from "../db/reports.ts";
import { syncOutcomes } from "./outcomes.ts";
import { startRun } from "./runs.ts";
import { drive, harness, spamAccount } from "./testing.ts";

Deno.test("syncOutcomes() records action taken, dismissals, and leaves open reports open", async () => {
  const h = await harness();
  try {
    const acted = spamAccount(h.mastodon);
    const dismissed = spamAccount(h.mastodon);
    const open = spamAccount(h.mastodon);
    for (const { accountId } of [acted, dismissed, open]) {
      await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    }
    const [r1, r2] = h.mastodon.adminReports;
    r1.action_taken = true;
    r1.target_account.suspended = true;
    r2.action_taken = true;
    const result = await syncOutcomes(h.deps);
    assert.deepEqual(result, { checked: 3, resolved: 2, errors: 0 });
    const outcome = async (id: string) => (await listReportsByAccount(h.deps.sql, id)).items[0];
    const a = await outcome(acted.accountId);
    assert.equal(a.state, "resolved");
    assert.equal(a.outcome?.actionTaken, true);
    const d = await outcome(dismissed.accountId);
    assert.equal(d.state, "resolved");
    assert.equal(d.outcome?.actionTaken, false);
    const o = await outcome(open.accountId);
    assert.equal(o.state, "open");
    assert.equal(o.outcome, null);
    assert.deepEqual(await syncOutcomes(h.deps), { checked: 1, resolved: 0, errors: 0 });
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() counts a Mastodon error and keeps the report open for the next call", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    h.mastodon.failNext(1);
    assert.deepEqual(await syncOutcomes(h.deps), { checked: 0, resolved: 0, errors: 1 });
    assert.equal((await listReportsByAccount(h.deps.sql, accountId)).items[0].state, "open");
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() never records the outcome of a report id that now targets another account", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    const [r] = h.mastodon.adminReports;
    r.action_taken = true;
    r.target_account = { ...r.target_account, id: "424242" };
    assert.deepEqual(await syncOutcomes(h.deps), { checked: 1, resolved: 0, errors: 1 });
    assert.equal((await listReportsByAccount(h.deps.sql, accountId)).items[0].state, "open");
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() learns our reporter account from a report we filed, when it was unknown", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    let known: string | undefined;
    h.deps.reporterId = () => known;
    h.deps.learnReporter = (id) => Promise.resolve(void (known = id));
    await syncOutcomes(h.deps);
    assert.equal(known, h.mastodon.credentials.reporter.id);
  } finally {
    await h.close();
  }
});
