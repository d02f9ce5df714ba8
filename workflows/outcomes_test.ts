import assert from "node:assert/strict";
import { listReportsByAccount } from "../db/reports.ts";
import { syncOutcomes } from "./outcomes.ts";
import { startRun } from "./runs.ts";
import { drive, harness, spamAccount } from "./testing.ts";

async function reportAccounts(h: Awaited<ReturnType<typeof harness>>, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { accountId } = spamAccount(h.mastodon);
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    ids.push(accountId);
  }
  return ids;
}

const stateOf = async (h: Awaited<ReturnType<typeof harness>>, id: string) =>
  (await listReportsByAccount(h.deps.sql, id)).items[0];

Deno.test("syncOutcomes() records action taken, dismissals, and leaves open reports open", async () => {
  const h = await harness();
  try {
    const [acted, dismissed, open] = await reportAccounts(h, 3);
    const [r1, r2] = h.mastodon.adminReports;
    r1.action_taken = true;
    r1.target_account.suspended = true;
    r2.action_taken = true;
    const result = await syncOutcomes(h.deps);
    // One listing, and one read of the dismissed report's status to see it was not deleted.
    assert.deepEqual(result, { checked: 2, resolved: 2, errors: 0, calls: 2 });
    const a = await stateOf(h, acted);
    assert.equal(a.state, "resolved");
    assert.equal(a.outcome?.actionTaken, true);
    const d = await stateOf(h, dismissed);
    assert.equal(d.state, "resolved");
    assert.equal(d.outcome?.actionTaken, false);
    const o = await stateOf(h, open);
    assert.equal(o.state, "open");
    assert.equal(o.outcome, null);
    assert.deepEqual(await syncOutcomes(h.deps), { checked: 0, resolved: 0, errors: 0, calls: 1 });
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() reads 250 resolutions in three listing calls, not one call per report", async () => {
  const h = await harness({ config: { reportDailyBudget: 1000, reportDomainDailyBudget: 1000 } });
  try {
    const ids = await reportAccounts(h, 250);
    for (const r of h.mastodon.adminReports) {
      r.action_taken = true;
      r.target_account.suspended = true;
    }
    const before = h.mastodon.calls.length;
    const result = await syncOutcomes(h.deps);
    assert.equal(result.resolved, 250);
    assert.equal(result.calls, 3);
    const calls = h.mastodon.calls.slice(before);
    assert.deepEqual([...new Set(calls.map((c) => c.method))], ["listAdminReports"]);
    assert.equal((await stateOf(h, ids[0])).state, "resolved");
    assert.equal((await stateOf(h, ids[249])).state, "resolved");
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() lists only our reporter's reports once that account is known", async () => {
  const h = await harness();
  try {
    await reportAccounts(h, 1);
    const reporter = h.mastodon.credentials.reporter.id;
    h.deps.reporterId = () => reporter;
    await syncOutcomes(h.deps);
    const listed = h.mastodon.calls.filter((c) => c.method === "listAdminReports").at(-1)!;
    assert.equal((listed.args[0] as { accountId?: string }).accountId, reporter);
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() counts a Mastodon error and keeps the report open for the next call", async () => {
  const h = await harness();
  try {
    const [id] = await reportAccounts(h, 1);
    h.mastodon.adminReports[0].action_taken = true;
    h.mastodon.failNext(1);
    assert.deepEqual(await syncOutcomes(h.deps), { checked: 0, resolved: 0, errors: 1, calls: 0 });
    assert.equal((await stateOf(h, id)).state, "open");
    assert.equal((await syncOutcomes(h.deps)).resolved, 1);
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() never records the outcome of a report id that now targets another account", async () => {
  const h = await harness();
  try {
    const [id] = await reportAccounts(h, 1);
    const [r] = h.mastodon.adminReports;
    r.action_taken = true;
    r.target_account = { ...r.target_account, id: "424242" };
    assert.deepEqual(await syncOutcomes(h.deps), { checked: 1, resolved: 0, errors: 1, calls: 1 });
    assert.equal((await stateOf(h, id)).state, "open");
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() learns our reporter account from a report we filed, when it was unknown", async () => {
  const h = await harness();
  try {
    await reportAccounts(h, 1);
    h.mastodon.adminReports[0].action_taken = true;
    let known: string | undefined;
    h.deps.reporterId = () => known;
    h.deps.learnReporter = (id) => Promise.resolve(void (known = id));
    await syncOutcomes(h.deps);
    assert.equal(known, h.mastodon.credentials.reporter.id);
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() asks about a day-old open report singly, and records it gone when Mastodon deleted it", async () => {
  const h = await harness();
  try {
    const [id] = await reportAccounts(h, 1);
    assert.equal((await syncOutcomes(h.deps)).calls, 1, "a fresh report is not asked about singly");
    h.mastodon.adminReports.length = 0;
    const later = Date.now() + 2 * 86_400_000;
    h.deps.clock = { now: () => new Date(later) };
    const result = await syncOutcomes(h.deps);
    assert.equal(result.resolved, 1);
    assert.equal(result.calls, 2);
    const row = await stateOf(h, id);
    assert.equal(row.state, "resolved");
    assert.equal(row.outcome?.actionTaken, true);
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() counts a report whose statuses moderators deleted as actioned", async () => {
  const h = await harness();
  try {
    const [gone, listedGone, kept] = await reportAccounts(h, 3);
    const [r1, r2, r3] = h.mastodon.adminReports;
    for (const r of [r1, r2, r3]) r.action_taken = true;
    // Mastodon keeps a deleted status in the report: only reading it tells it is gone.
    const deleted = r1.statuses[0].id;
    h.mastodon.statuses = h.mastodon.statuses.filter((s) => s.id !== deleted);
    // A report that no longer lists a status we cited had it deleted too (no read needed).
    r2.statuses = r2.statuses.slice(1);
    const result = await syncOutcomes(h.deps);
    assert.equal(result.resolved, 3);
    assert.equal((await stateOf(h, gone)).outcome?.actionTaken, true);
    assert.equal((await stateOf(h, listedGone)).outcome?.actionTaken, true);
    assert.equal((await stateOf(h, kept)).outcome?.actionTaken, false);
    const [row] = await h.deps.sql<{ outcome: string; details: { target: unknown } }[]>`
      SELECT o.outcome, o.details FROM report_outcomes o JOIN reports r ON r.id = o.report_id
      WHERE r.account_id = ${gone}`;
    assert.equal(row.outcome, "actioned");
    assert.equal((row.details.target as { statuses_deleted: boolean }).statuses_deleted, true);
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() reads at most 20 statuses a sync; the other dismissals wait, still open", async () => {
  const h = await harness();
  try {
    const ids = await reportAccounts(h, 25);
    for (const r of h.mastodon.adminReports) r.action_taken = true;
    const first = await syncOutcomes(h.deps);
    assert.equal(first.resolved, 20);
    const open = [];
    for (const id of ids) if ((await stateOf(h, id)).state === "open") open.push(id);
    assert.equal(open.length, 5);
    assert.equal((await syncOutcomes(h.deps)).resolved, 5);
    for (const id of ids) assert.equal((await stateOf(h, id)).outcome?.actionTaken, false);
  } finally {
    await h.close();
  }
});

Deno.test("syncOutcomes() counts everyone's open reports up to just past REPORT_BACKLOG_LIMIT", async () => {
  const h = await harness({
    config: { reportBacklogLimit: 150, reportDailyBudget: 1000, reportDomainDailyBudget: 1000 },
  });
  try {
    await reportAccounts(h, 230);
    const result = await syncOutcomes(h.deps);
    assert.equal(result.backlog?.open, 200, "two pages of a hundred are past the limit");
    assert.equal(result.backlog?.atLeast, true);
    const stored = (await h.deps.kv.get<{ open: number }>(["report_backlog"])).value;
    assert.equal(stored?.open, 200);
    for (const r of h.mastodon.adminReports.slice(0, 150)) {
      r.action_taken = true;
      r.target_account.suspended = true;
    }
    const after = await syncOutcomes(h.deps);
    assert.deepEqual([after.backlog?.open, after.backlog?.atLeast], [80, false]);
  } finally {
    await h.close();
  }
});
