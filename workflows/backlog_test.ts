import assert from "node:assert/strict";
import { auditForRun } from "../db/audit.ts";
import type { Kv } from "../kv/port.ts";
import { HAS_POSTGRES, postgresKv } from "../kv/testing.ts";
import type { FakeMastodon } from "../mastodon/fake.ts";
import { listBacklogQueue, recordBacklog } from "./backlog.ts";
import { syncOutcomes } from "./outcomes.ts";
import { startRun } from "./runs.ts";
import { drive, harness, type TestRule } from "./testing.ts";

const RULES: TestRule[] = [
  { name: "crypto-giveaway", term: "free crypto", weight: 3, mode: "report" },
  { name: "shady-link", term: "scam.example", weight: 2, mode: "report" },
  { name: "urgent", term: "act now", weight: 4, mode: "report" },
];

/** An account whose statuses score `terms`' weights (threshold 3). */
function account(m: FakeMastodon, terms: string[]) {
  const a = m.addAccount({ username: `spam${m.accounts.length}` });
  for (const t of terms) m.addStatus(a.id, { content: `<p>${t} for everyone</p>` });
  return a.id;
}

/** The store, noting the run of every message enqueued through it. */
function recordingEnqueues(kv: Kv, runIds: string[]): Kv {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop !== "atomic") {
        const v = Reflect.get(target, prop);
        return typeof v === "function" ? v.bind(target) : v;
      }
      return () => {
        const op = target.atomic();
        const enqueue = op.enqueue.bind(op);
        op.enqueue = (value, options) => {
          runIds.push((value as { runId: string }).runId);
          return enqueue(value, options);
        };
        return op;
      };
    },
  });
}

async function setup(limit: number) {
  const h = await harness({ rules: RULES, config: { reportBacklogLimit: limit } });
  let t = Date.parse("2026-12-01T10:00:00Z");
  h.deps.clock = { now: () => new Date(t) };
  const count = async (open: number) => {
    t += 1_000;
    await recordBacklog(h.deps.kv, { open, atLeast: false, at: new Date(t).toISOString() });
    t += 1_000;
  };
  const run = async (terms: string[]) =>
    (await startRun(h.deps, { accountId: account(h.mastodon, terms), trigger: "poll" })).runId;
  return { h, count, run };
}

Deno.test("a full backlog makes a report wait, visibly, and it is filed once room frees", async () => {
  const { h, count, run } = await setup(2);
  try {
    await count(2);
    const id = await run(["free crypto"]);
    const waiting = await drive(h.deps, id);
    assert.deepEqual([waiting.state, waiting.reason, waiting.decision], [
      "waiting",
      "backlog",
      "waiting_backlog",
    ]);
    assert.equal(h.mastodon.reports.length, 0);
    assert.deepEqual((await auditForRun(h.deps.sql, id)).map((r) => r.action), [
      "waiting_backlog",
    ]);
    assert.deepEqual((await listBacklogQueue(h.deps)).map((p) => p.runId), [id]);
    assert.equal((await drive(h.deps, id)).state, "waiting", "a re-check while full still waits");
    await count(1);
    assert.equal((await drive(h.deps, id)).state, "done");
    assert.equal(h.mastodon.reports.length, 1);
    assert.deepEqual(await listBacklogQueue(h.deps), [], "a filed run leaves the queue");
  } finally {
    await h.close();
  }
});

Deno.test("as room frees in the backlog, the highest scores are filed first", async () => {
  const { h, count, run } = await setup(3);
  try {
    await count(3);
    const low = await run(["free crypto"]); // 3
    const mid = await run(["free crypto", "scam.example"]); // 5
    const high = await run(["free crypto", "scam.example", "act now"]); // 9
    for (const id of [low, mid, high]) assert.equal((await drive(h.deps, id)).state, "waiting");
    assert.deepEqual((await listBacklogQueue(h.deps)).map((p) => p.score), [9, 5, 3]);
    // Room for one: the runs look again lowest first, and only the highest is filed.
    await count(2);
    const states = [];
    for (const id of [low, mid, high]) states.push((await drive(h.deps, id)).state);
    assert.deepEqual(states, ["waiting", "waiting", "done"]);
    // Our own report filed since the count takes room too: still full until the next count.
    assert.equal((await drive(h.deps, mid)).state, "waiting");
    await count(2);
    assert.deepEqual([(await drive(h.deps, low)).state, (await drive(h.deps, mid)).state], [
      "waiting",
      "done",
    ]);
    await count(0);
    assert.equal((await drive(h.deps, low)).state, "done");
    const targets = h.mastodon.reports.map((r) => r.target_account.id);
    assert.equal(targets.length, 3, "every waiting report was filed in the end, once");
    assert.equal(new Set(targets).size, 3);
  } finally {
    await h.close();
  }
});

Deno.test("two runs looking at once cannot both take the backlog's last place", async () => {
  const { h, count, run } = await setup(5);
  try {
    await count(5);
    const a = await run(["free crypto"]);
    const b = await run(["free crypto"]);
    for (const id of [a, b]) assert.equal((await drive(h.deps, id)).state, "waiting");
    await count(4);
    const ends = await Promise.all([drive(h.deps, a), drive(h.deps, b)]);
    assert.deepEqual(ends.map((r) => r.state).sort(), ["done", "waiting"]);
    assert.equal(h.mastodon.reports.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("without a count yet, or without a limit, reports are not held back", async () => {
  const { h, run } = await setup(1);
  try {
    assert.equal((await drive(h.deps, await run(["free crypto"]))).state, "done");
    h.deps.config.reportBacklogLimit = 0;
    await recordBacklog(h.deps.kv, { open: 999, atLeast: true, at: new Date().toISOString() });
    assert.equal((await drive(h.deps, await run(["free crypto"]))).state, "done");
    assert.equal(h.mastodon.reports.length, 2);
  } finally {
    await h.close();
  }
});

Deno.test("an outcome sync that finds room wakes the waiting runs it lets through, highest first", async () => {
  const { h, count, run } = await setup(2);
  try {
    // Waiting runs look again only in an hour: any message sooner is a wake-up.
    h.deps.config.budgetRecheckMs = 3_600_000;
    await count(2);
    const low = await run(["free crypto"]);
    const mid = await run(["free crypto", "scam.example"]);
    const high = await run(["free crypto", "scam.example", "act now"]);
    for (const id of [low, mid, high]) assert.equal((await drive(h.deps, id)).state, "waiting");
    // Moderators cleared the queue: the sync counts nothing open at Mastodon.
    const woken: string[] = [];
    const synced = await syncOutcomes({ ...h.deps, kv: recordingEnqueues(h.deps.kv, woken) });
    assert.deepEqual([synced.backlog?.open, synced.backlog?.woken], [0, 2]);
    assert.deepEqual(woken.sort(), [mid, high].sort(), "the lowest stays asleep: no room for it");
  } finally {
    await h.close();
  }
});

Deno.test({
  name: "on the PostgreSQL store too, the backlog queue keeps its order and its last place",
  ignore: !HAS_POSTGRES,
  fn: async () => {
    const { h, count, run } = await setup(3);
    const store = await postgresKv();
    h.deps.kv = store.kv;
    try {
      await count(3);
      const low = await run(["free crypto"]);
      const mid = await run(["free crypto", "scam.example"]);
      const high = await run(["free crypto", "scam.example", "act now"]);
      for (const id of [low, mid, high]) assert.equal((await drive(h.deps, id)).state, "waiting");
      assert.deepEqual((await listBacklogQueue(h.deps)).map((p) => p.score), [9, 5, 3]);
      await count(2);
      const ends = await Promise.all([low, mid, high].map((id) => drive(h.deps, id)));
      assert.deepEqual(ends.map((r) => r.state), ["waiting", "waiting", "done"]);
      assert.equal(h.mastodon.reports.length, 1);
    } finally {
      await store.close();
      await h.close();
    }
  },
});
