import assert from "node:assert/strict";
import { listReportsByAccount } from "../db/reports.ts";
import type { ReportRequest } from "../mastodon/client.ts";
import { MastodonError } from "../mastodon/errors.ts";
import type { FakeMastodon } from "../mastodon/fake.ts";
import { processRun } from "./dispatch.ts";
import { getRun, startRun } from "./runs.ts";
import { keys } from "./store.ts";
import { drive, harness, spamAccount } from "./testing.ts";

/** Makes the next createReport reach Mastodon and then fail as `error` would. */
function acceptThenFail(m: FakeMastodon, error: Error) {
  const original = m.createReport.bind(m);
  let armed = true;
  m.createReport = async (r: ReportRequest) => {
    const report = await original(r);
    if (armed) {
      armed = false;
      throw error;
    }
    return report;
  };
}

const ambiguous = new MastodonError({
  method: "POST",
  path: "/api/v1/reports",
  status: 0,
  retryable: true,
  code: "ambiguous",
  detail: "timeout; it may have been carried out",
});

for (
  const [name, error] of [
    ["timed out ambiguously", ambiguous],
    ["crashed", new Error("process crashed after the call")],
  ] as const
) {
  Deno.test(`a report call that ${name} after Mastodon accepted it is adopted, not filed again`, async () => {
    const h = await harness();
    try {
      const { accountId } = spamAccount(h.mastodon);
      acceptThenFail(h.mastodon, error);
      const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
      const run = await drive(h.deps, runId);
      assert.equal(run.state, "done");
      assert.equal(h.mastodon.reports.length, 1, "exactly one report at Mastodon");
      assert.equal(run.report?.adopted, true);
      assert.equal(run.report?.mastodonReportId, h.mastodon.reports[0].id);
      const stored = await listReportsByAccount(h.deps.sql, accountId);
      assert.equal(stored.items.length, 1);
      assert.ok((await h.deps.kv.get(keys.intent(runId))).value, "intent recorded");
    } finally {
      await h.close();
    }
  });
}

Deno.test("a report call that failed before reaching Mastodon is filed on the retry", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const original = h.mastodon.createReport.bind(h.mastodon);
    let fail = true;
    h.mastodon.createReport = (r) => {
      if (fail) {
        fail = false;
        return Promise.reject(ambiguous);
      }
      return original(r);
    };
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.state, "done");
    assert.equal(run.report?.adopted, undefined);
    assert.equal(h.mastodon.reports.length, 1);
    const listed = h.mastodon.calls.filter((c) => c.method === "listAdminReports");
    assert.ok(listed.length >= 1, "looked for the report before filing again");
  } finally {
    await h.close();
  }
});

Deno.test("an account with our open report and no new evidence gets no second report", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    const second = await drive(
      h.deps,
      (await startRun(h.deps, { accountId, trigger: "rescan" })).runId,
    );
    assert.equal(second.decision, "already_reported");
    assert.equal(second.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("new evidence on an account with our open report files a second report saying so", async () => {
  const h = await harness();
  try {
    const { accountId, spamIds } = spamAccount(h.mastodon);
    await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    const fresh = h.mastodon.addStatus(accountId, { content: "<p>More free crypto!</p>" });
    const { runId } = await startRun(h.deps, {
      accountId,
      trigger: "webhook",
      statusId: fresh.id,
    });
    const second = await drive(h.deps, runId);
    assert.equal(second.decision, "reported");
    assert.equal(second.report?.newEvidence, true);
    assert.equal(h.mastodon.reports.length, 2);
    const req = h.mastodon.calls.filter((c) => c.method === "createReport")[1]
      .args[0] as ReportRequest;
    assert.match(req.comment!, /New evidence since our report #1/);
    assert.ok(req.statusIds!.includes(fresh.id));
    assert.ok(spamIds.every((id) => req.statusIds!.includes(id)));
  } finally {
    await h.close();
  }
});

Deno.test("a run started by a user's report analyses the account but files no report of ours", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "user_report" });
    const run = await drive(h.deps, runId);
    assert.equal(run.decision, "already_reported");
    assert.ok((run.score ?? 0) >= 3);
    assert.equal(h.mastodon.reports.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("two deliveries of the same run at the report step file one report", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    for (let i = 0; i < 3; i++) await processRun(h.deps, runId);
    assert.equal((await getRun(h.deps, runId))?.state, "report");
    await Promise.all([processRun(h.deps, runId), processRun(h.deps, runId)]);
    const run = await drive(h.deps, runId);
    assert.equal(run.state, "done");
    assert.equal(h.mastodon.reports.length, 1);
    assert.equal(h.mastodon.calls.filter((c) => c.method === "createReport").length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a Mastodon report id already recorded for another run fails the run instead of adopting that row", async () => {
  const h = await harness();
  try {
    const first = spamAccount(h.mastodon);
    await drive(
      h.deps,
      (await startRun(h.deps, { accountId: first.accountId, trigger: "poll" })).runId,
    );
    const stored = (await listReportsByAccount(h.deps.sql, first.accountId)).items;
    assert.equal(stored.length, 1);
    // The instance forgets its reports and hands out the same report id again.
    h.mastodon.adminReports.length = 0;
    h.mastodon.reports.length = 0;
    const second = spamAccount(h.mastodon);
    const run = await drive(
      h.deps,
      (await startRun(h.deps, { accountId: second.accountId, trigger: "poll" })).runId,
    );
    assert.equal(run.state, "failed");
    assert.match(run.error ?? "", /conflicts with stored report/);
    assert.equal((await listReportsByAccount(h.deps.sql, second.accountId)).items.length, 0);
    const kept = (await listReportsByAccount(h.deps.sql, first.accountId)).items;
    assert.deepEqual(kept.map((r) => [r.id, r.runId]), stored.map((r) => [r.id, r.runId]));
  } finally {
    await h.close();
  }
});

Deno.test("a report carrying our marker but filed by another account is not adopted", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const reporterId = h.mastodon.credentials.reporter.id;
    h.deps.reporterId = () => reporterId;
    const original = h.mastodon.createReport.bind(h.mastodon);
    let first = true;
    h.mastodon.createReport = async (r) => {
      const report = await original(r);
      if (first) {
        first = false;
        // What the retry finds is a user's report, whose author copied our marker into it.
        const found = h.mastodon.adminReports.at(-1)!;
        found.account = { ...found.account, id: "999999" };
        throw ambiguous;
      }
      return report;
    };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    const run = await drive(h.deps, runId);
    assert.equal(run.state, "done");
    assert.equal(run.report?.adopted, undefined, "the user's report is not ours");
    assert.equal(h.mastodon.reports.length, 2);
  } finally {
    await h.close();
  }
});
