/** The report step's guards: a slow Mastodon, a definite refusal, a user's open report, late flags. */
import assert from "node:assert/strict";
import type { ReportRequest } from "../mastodon/client.ts";
import { MastodonError } from "../mastodon/errors.ts";
import { noteUserReport } from "./context_cache.ts";
import { processRun } from "./dispatch.ts";
import { getRun, startRun } from "./runs.ts";
import { keys } from "./store.ts";
import { drive, harness, spamAccount } from "./testing.ts";

const timedOut = new MastodonError({
  method: "POST",
  path: "/api/v1/reports",
  status: 0,
  retryable: true,
  code: "ambiguous",
  detail: "timeout; it may have been carried out",
});

Deno.test("after an unanswered report POST the step keeps looking before it files again", async () => {
  const h = await harness({ config: { intentConfirmMs: 60_000 } });
  try {
    let now = Date.parse("2026-11-25T12:00:00Z");
    h.deps.clock = { now: () => new Date(now) };
    const { accountId } = spamAccount(h.mastodon);
    const original = h.mastodon.createReport.bind(h.mastodon);
    let calls = 0;
    h.mastodon.createReport = (r: ReportRequest) => {
      calls++;
      return calls === 1 ? Promise.reject(timedOut) : original(r);
    };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    for (let i = 0; i < 10; i++) await processRun(h.deps, runId);
    const held = await getRun(h.deps, runId);
    assert.equal(held?.state, "report", "still looking, not filing again");
    assert.equal(calls, 1);
    now += 61_000;
    const run = await drive(h.deps, runId);
    assert.equal(run.state, "done");
    assert.equal(calls, 2, "filed again only once the first could no longer appear");
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a report Mastodon refuses outright gives its budget place back", async () => {
  const h = await harness({ config: { maxAttempts: 1 } });
  try {
    const { accountId } = spamAccount(h.mastodon);
    h.mastodon.createReport = () =>
      Promise.reject(
        new MastodonError({
          method: "POST",
          path: "/api/v1/reports",
          status: 422,
          retryable: false,
          code: "unprocessable",
          detail: "Validation failed",
        }),
      );
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    assert.equal((await drive(h.deps, runId)).state, "failed");
    const day = new Date().toISOString().slice(0, 10);
    assert.equal((await h.deps.kv.get(["report_budget", day])).value, 0);
    assert.equal((await h.deps.kv.get(keys.intent(runId))).value, null);
  } finally {
    await h.close();
  }
});

Deno.test("an account a user has reported is analysed but not reported again by us", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    // A user's report arrived as a webhook while this account's run was under way.
    await noteUserReport(h.deps.kv, accountId, true);
    const { runId } = await startRun(h.deps, { accountId, trigger: "webhook" });
    const run = await drive(h.deps, runId);
    assert.equal(run.decision, "already_reported");
    assert.equal(h.mastodon.reports.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a panic stop switched on while the step checks holds the report", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const read = h.deps.settings.read;
    let reads = 0;
    // Off for the dispatcher and the step's first look; on by the time it would file.
    h.deps.settings = {
      read: async () => {
        const s = await read();
        return ++reads >= 6 ? { ...s, panicStop: true } : s;
      },
    };
    const { runId } = await startRun(h.deps, { accountId, trigger: "poll" });
    for (let i = 0; i < 6; i++) await processRun(h.deps, runId);
    assert.equal(h.mastodon.reports.length, 0);
    assert.notEqual((await getRun(h.deps, runId))?.state, "done");
  } finally {
    await h.close();
  }
});
