import assert from "node:assert/strict";
import { FakeMastodon } from "../mastodon/fake.ts";
import { keys } from "../workflows/store.ts";
import type { RunStarter } from "./port.ts";
import type { StreamState } from "./streaming.ts";
import { recheckYoungRemote } from "./young_recheck.ts";

// The fake's ids are snowflakes of a day before "now": it first heard of its accounts then.
const NOW = Number(110_000_000_000_000_000n >> 16n) + 86_400_000;
const DAY = 86_400_000;

function setup(stream: StreamState | undefined) {
  const m = new FakeMastodon();
  const started: string[] = [];
  const runs: RunStarter = {
    startRun: (input) =>
      Promise.resolve(void started.push(input.accountId)).then(() => ({
        runId: `run-${input.accountId}`,
        created: true,
      })),
    rememberStatus: () => Promise.resolve(),
    rememberAccount: () => Promise.resolve(),
    noteUserReport: () => Promise.resolve(),
  };
  const account = (ageMs: number, statuses: number) => {
    const a = m.addAccount({ domain: "far.example" });
    a.created_at = new Date(NOW - ageMs).toISOString();
    a.account.statuses_count = statuses;
    return a;
  };
  return { m, runs, started, account, stream: () => stream };
}

Deno.test("recheckYoungRemote() starts runs for remote accounts first seen lately that posted since their analysis", async () => {
  const kv = await Deno.openKv(":memory:");
  const t = setup({ connected: false, since: new Date(NOW - 60_000), events: 0, gaps: 1 });
  const grew = t.account(DAY, 5);
  const same = t.account(DAY, 2);
  const fresh = t.account(DAY, 3);
  const old = t.account(30 * DAY, 900);
  await kv.set(keys.seenCount(grew.id), 1);
  await kv.set(keys.seenCount(same.id), 2);
  await kv.set(keys.seenCount(old.id), 1);
  const r = await recheckYoungRemote({
    kv,
    mastodon: t.m,
    runs: t.runs,
    stream: t.stream,
    youngWindowMs: 7 * DAY,
    now: () => NOW,
  });
  // `fresh` was never analysed (the poll's); `old` was created long ago but first seen lately.
  assert.deepEqual(t.started.sort(), [grew.id, old.id].sort(), `not ${fresh.id} or ${same.id}`);
  assert.equal(r.calls, 1);
  kv.close();
});

Deno.test("recheckYoungRemote() costs nothing while the stream has stayed up since the last re-read", async () => {
  const kv = await Deno.openKv(":memory:");
  const t = setup({ connected: true, since: new Date(NOW - 3_600_000), events: 9, gaps: 0 });
  await kv.set(keys.youngRecheckAt(), NOW - 60_000);
  const r = await recheckYoungRemote({
    kv,
    mastodon: t.m,
    runs: t.runs,
    stream: t.stream,
    youngWindowMs: 7 * DAY,
    now: () => NOW,
  });
  assert.deepEqual(r, { skipped: true, started: 0, calls: 0 });
  assert.equal(t.m.calls.length, 0);
  kv.close();
});
