import assert from "node:assert/strict";
import type { RunStarter } from "./port.ts";
import { webhookHandler } from "./webhook_events.ts";

function recorder() {
  const started: Parameters<RunStarter["startRun"]>[0][] = [];
  const remembered: string[] = [];
  const notes: [string, boolean][] = [];
  const runs: RunStarter = {
    startRun: (input) => {
      started.push(input);
      return Promise.resolve({ runId: `run-${started.length}`, created: true });
    },
    rememberStatus: (s) => {
      remembered.push(s.id);
      return Promise.resolve();
    },
    rememberAccount: () => Promise.resolve(),
    noteUserReport: (id, open) => {
      notes.push([id, open]);
      return Promise.resolve();
    },
  };
  return { runs, started, remembered, notes };
}

const at = "2026-11-25T12:00:00Z";

Deno.test("a status webhook starts a run for its author with the status remembered", async () => {
  const { runs, started, remembered } = recorder();
  const handle = webhookHandler(runs, () => "999");
  const r = await handle({
    event: "status.created",
    created_at: at,
    object: { id: "55", account: { id: "7" } },
  }, "d1");
  assert.equal(r.status, "queued");
  assert.deepEqual(started, [{
    accountId: "7",
    trigger: "webhook",
    statusId: "55",
    dedupKey: "webhook:d1",
  }]);
  assert.deepEqual(remembered, ["55"]);
});

Deno.test("a user's report starts an analysis of its target, our own report is ignored", async () => {
  const { runs, started } = recorder();
  const handle = webhookHandler(runs, () => "999");
  const user = await handle({
    event: "report.created",
    created_at: at,
    object: { id: "3", account: { id: "12" }, target_account: { id: "40" } },
  }, "d2");
  assert.equal(user.status, "queued");
  assert.equal(started[0].accountId, "40");
  assert.equal(started[0].trigger, "user_report");
  const ours = await handle({
    event: "report.created",
    created_at: at,
    object: { id: "4", account: { id: "999" }, target_account: { id: "41" } },
  }, "d3");
  assert.equal(ours.status, "ignored");
  assert.equal(started.length, 1);
});

Deno.test("account events start a run for the account and unknown events are ignored", async () => {
  const { runs, started } = recorder();
  const handle = webhookHandler(runs, () => undefined);
  await handle({ event: "account.approved", created_at: at, object: { id: "8" } }, "d4");
  const other = await handle(
    { event: "report.updated", created_at: at, object: { id: "9" } },
    "d5",
  );
  assert.equal(started[0].accountId, "8");
  assert.equal(other.status, "ignored");
  assert.equal(started.length, 1);
});

Deno.test("without the reporter's id, our own report is recognised by its run marker", async () => {
  const { runs, started } = recorder();
  const handle = webhookHandler(runs, () => undefined);
  const ours = await handle({
    event: "report.created",
    created_at: at,
    object: {
      id: "5",
      account: { id: "77" },
      target_account: { id: "41" },
      comment: "Score 3.0 ... [mastowatch run 0abc-123]",
    },
  }, "d6");
  assert.equal(ours.status, "ignored");
  const user = await handle({
    event: "report.created",
    created_at: at,
    object: { id: "6", account: { id: "78" }, target_account: { id: "41" }, comment: "spam!" },
  }, "d7");
  assert.equal(user.status, "queued");
  assert.equal(started.length, 1);
});

Deno.test("a re-delivered webhook joins the run its first delivery started", async () => {
  const runs: RunStarter = {
    startRun: () => Promise.resolve({ runId: "run-1", created: false }),
    rememberStatus: () => Promise.resolve(),
    rememberAccount: () => Promise.resolve(),
    noteUserReport: () => Promise.resolve(),
  };
  const r = await webhookHandler(runs, () => undefined)({
    event: "account.created",
    created_at: at,
    object: { id: "8" },
  }, "d8");
  assert.deepEqual(r, { status: "duplicate", run_id: "run-1" });
});

Deno.test("a user's report is noted as open, and forgotten once moderators resolve it", async () => {
  const { runs, notes } = recorder();
  const handle = webhookHandler(runs, () => "999");
  await handle({
    event: "report.created",
    created_at: at,
    object: { id: "3", account: { id: "12" }, target_account: { id: "40" }, comment: "spam" },
  }, "d9");
  await handle({
    event: "report.updated",
    created_at: at,
    object: { id: "3", account: { id: "12" }, target_account: { id: "40" }, action_taken: false },
  }, "d10");
  await handle({
    event: "report.updated",
    created_at: at,
    object: { id: "3", account: { id: "12" }, target_account: { id: "40" }, action_taken: true },
  }, "d11");
  await handle({
    event: "report.created",
    created_at: at,
    object: { id: "4", account: { id: "999" }, target_account: { id: "41" } },
  }, "d12");
  assert.deepEqual(notes, [["40", true], ["40", false]]);
});
