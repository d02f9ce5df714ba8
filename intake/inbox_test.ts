import assert from "node:assert/strict";
import type { WebhookEvent } from "../routes/webhooks.ts";
import { drainInbox, Inbox, resumeInbox } from "./inbox.ts";
import type { Kv } from "../kv/port.ts";
import { HAS_POSTGRES, postgresKv } from "../kv/testing.ts";
import { keys } from "../workflows/store.ts";
import type { InboxMessage } from "../workflows/types.ts";

function event(id: string): WebhookEvent {
  return { event: "status.created", created_at: "2026-12-01T08:00:00Z", object: { id } };
}

/** Counts the atomic writes committed through `kv`. */
function countingCommits(kv: Deno.Kv) {
  const counter = { commits: 0 };
  const atomic = kv.atomic.bind(kv);
  kv.atomic = () => {
    const op = atomic();
    const commit = op.commit.bind(op);
    op.commit = () => {
      counter.commits++;
      return commit();
    };
    return op;
  };
  return counter;
}

/** The ids of every delivery stored, alone or in a batch. */
async function stored(kv: Kv): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of kv.list({ prefix: keys.inbox() })) ids.push(String(e.key[1]));
  for await (const e of kv.list<{ entries: { id: string }[] }>({ prefix: keys.inboxBatch() })) {
    ids.push(...e.value.entries.map((x) => x.id));
  }
  return ids.sort();
}

/** The message that names every stored batch, as the group commits announced them. */
async function batches(kv: Kv): Promise<InboxMessage> {
  const ids: string[] = [];
  for await (const e of kv.list({ prefix: keys.inboxBatch() })) ids.push(String(e.key[1]));
  return { batches: ids };
}

/** Runs `scenario` on a fresh in-memory Deno KV, closed after. */
async function onKv(scenario: (kv: Deno.Kv) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await scenario(kv);
  } finally {
    kv.close();
  }
}

async function rows(kv: Kv, prefix: Deno.KvKey): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix })) n++;
  return n;
}

Deno.test("Inbox.accept() answers once the delivery is stored, and a burst shares few writes", async () => {
  await onKv(async (kv) => {
    const counter = countingCommits(kv);
    const inbox = new Inbox(kv);
    const ids = Array.from({ length: 200 }, (_, i) => `d${String(i).padStart(3, "0")}`);
    const results = await Promise.all(ids.map((id) => inbox.accept(event(id), id)));
    assert.ok(results.every((r) => r.status === "accepted"));
    assert.deepEqual(await stored(kv), ids);
    assert.ok(counter.commits <= 20, `${counter.commits} commits for 200 deliveries`);
    // Small deliveries of one commit share one stored value: a row per commit, not per delivery.
    assert.ok(
      (await rows(kv, keys.inboxBatch())) <= counter.commits,
      `${await rows(kv, keys.inboxBatch())} values for ${counter.commits} commits`,
    );
    assert.equal(await rows(kv, keys.inbox()), 0);
  });
});

Deno.test("Inbox.accept() splits a burst of large deliveries over values that each fit the store", async () => {
  await onKv(async (kv) => {
    const inbox = new Inbox(kv);
    const ids = Array.from({ length: 40 }, (_, i) => `big${String(i).padStart(2, "0")}`);
    const results = await Promise.all(ids.map((id) => {
      const e = event(id);
      e.object.content = "x".repeat(25_000);
      return inbox.accept(e, id);
    }));
    // Deno KV refuses a value over 64 KiB, so every commit having succeeded proves the split.
    assert.ok(results.every((r) => r.status === "accepted"));
    assert.deepEqual(await stored(kv), ids);
    assert.ok((await rows(kv, keys.inboxBatch())) >= 20, "two 25 KB deliveries at most per value");
  });
});

Deno.test("a delivery sent twice within one group commit is stored once", async () => {
  await onKv(async (kv) => {
    const inbox = new Inbox(kv);
    const results = await Promise.all(
      ["a", "b", "a", "c", "b"].map((id) => inbox.accept(event(id), id)),
    );
    assert.ok(results.every((r) => r.status === "accepted"));
    assert.deepEqual(await stored(kv), ["a", "b", "c"]);
  });
});

Deno.test("Inbox.accept() answers a re-delivery it stored lately as a duplicate, without a write", async () => {
  await onKv(async (kv) => {
    const inbox = new Inbox(kv);
    assert.equal((await inbox.accept(event("1"), "x")).status, "accepted");
    const counter = countingCommits(kv);
    assert.equal((await inbox.accept(event("1"), "x")).status, "duplicate");
    assert.equal(counter.commits, 0);
  });
});

Deno.test("a delivery too large for one stored value is handed over on the request path", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const handled: string[] = [];
    const inbox = new Inbox(kv, Date.now, (_e, id) => Promise.resolve(void handled.push(id)));
    const big = event("1");
    big.object.content = "x".repeat(70_000);
    assert.equal((await inbox.accept(big, "big")).status, "accepted");
    assert.deepEqual(handled, ["big"]);
    // A debounced one too: no stored value could hold it, so it is not delayed.
    assert.equal((await inbox.accept(big, "big-later", undefined, 60_000)).status, "accepted");
    assert.deepEqual(handled, ["big", "big-later"]);
    assert.deepEqual(await stored(kv), []);
  } finally {
    kv.close();
  }
});

/** drainInbox()'s promise on a store: a failed handler keeps its delivery, the rest go. */
async function drainKeepsFailed(kv: Kv) {
  const inbox = new Inbox(kv);
  await Promise.all(["a", "b", "c"].map((id) => inbox.accept(event(id), id)));
  const message = await batches(kv);
  const handled: string[] = [];
  await assert.rejects(
    drainInbox(kv, message, (_e, id) => {
      if (id === "b") return Promise.reject(new Error("database down"));
      handled.push(id);
      return Promise.resolve();
    }),
    /database down/,
  );
  assert.deepEqual(handled.sort(), ["a", "c"]);
  assert.deepEqual(await stored(kv), ["b"]);
  // The queue delivers the same message again.
  await drainInbox(kv, message, (_e, id) => Promise.resolve(void handled.push(id)));
  assert.deepEqual(handled, ["a", "c", "b"], "a handled delivery is not handed over again");
  assert.deepEqual(await stored(kv), []);
  await drainInbox(kv, message, (_e, id) => Promise.resolve(void handled.push(id)));
  assert.equal(handled.length, 3, "a message for batches already drained hands nothing over");
}

Deno.test("drainInbox() hands each delivery over once and keeps the ones whose handler failed", async () => {
  await onKv(async (kv) => {
    await drainKeepsFailed(kv);
  });
});

Deno.test({
  name: "drainInbox() keeps failed deliveries and drops handled ones on the PostgreSQL store too",
  ignore: !HAS_POSTGRES,
  fn: async () => {
    const pg = await postgresKv();
    try {
      await drainKeepsFailed(pg.kv);
    } finally {
      await pg.close();
    }
  },
});

Deno.test("two drains of one batch at once keep only what neither handed over", async () => {
  await onKv(async (kv) => {
    // One batch of three, as a group commit stores it.
    const entries = ["a", "b", "c"].map((id) => ({
      id,
      body: new TextEncoder().encode(JSON.stringify(event(id))),
      receivedAt: Date.now(),
    }));
    await kv.set(keys.inboxBatch("b1"), { entries });
    const message = { batches: ["b1"] };
    // Each drain fails a different delivery, and both read the batch before either rewrites it:
    // the second rewrite finds the first one's and takes out what it handled itself.
    let entered = 0;
    const bothRead = Promise.withResolvers<void>();
    const drain = (failing: string) => {
      let first = true;
      return drainInbox(kv, message, async (_e, id) => {
        // Each drain's first hand-over waits until the other's has begun too.
        if (first && ++entered === 2) bothRead.resolve();
        first = false;
        await bothRead.promise;
        if (id === failing) throw new Error(`${failing} failed here`);
      });
    };
    const results = await Promise.allSettled([drain("b"), drain("c")]);
    assert.ok(results.every((r) => r.status === "rejected"), "each drain reports its failure");
    assert.deepEqual(await stored(kv), [], "b went through the other drain, and c too");
  });
});

Deno.test("a delayed delivery is stored at once and announced after its delay", async () => {
  const announced: { message: InboxMessage; at: number }[] = [];
  const kv = await Deno.openKv(":memory:");
  const listening = kv.listenQueue((m) => {
    announced.push({ message: m as InboxMessage, at: Date.now() });
  });
  try {
    const inbox = new Inbox(kv);
    const sent = Date.now();
    assert.equal((await inbox.accept(event("late"), "late", undefined, 300)).status, "accepted");
    assert.deepEqual(await stored(kv), ["late"], "durable before the answer");
    const deadline = Date.now() + 10_000;
    while (announced.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(announced.length, 1);
    assert.ok(announced[0].at - sent >= 250, `announced after ${announced[0].at - sent} ms`);
    const handled: string[] = [];
    await drainInbox(kv, announced[0].message, (_e, id) => Promise.resolve(void handled.push(id)));
    assert.deepEqual(handled, ["late"]);
  } finally {
    kv.close();
    await listening;
  }
});

Deno.test("drainInbox() still hands over single deliveries stored one per key", async () => {
  await onKv(async (kv) => {
    // As every delivery was stored before batches.
    const body = new TextEncoder().encode(JSON.stringify(event("s1")));
    await kv.set(keys.inbox("s1"), { body, receivedAt: Date.now() });
    const handled: string[] = [];
    await drainInbox(kv, { inbox: ["s1", "gone"] }, (e, id) => {
      handled.push(`${id}:${e.object.id}`);
      return Promise.resolve();
    });
    assert.deepEqual(handled, ["s1:s1"]);
    assert.deepEqual(await stored(kv), []);
  });
});

Deno.test("resumeInbox() announces again the deliveries a stopped process left stored", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const inbox = new Inbox(kv);
    for (const id of ["a", "b"]) await inbox.accept(event(id), id);
    await kv.set(keys.inbox("single"), {
      body: new TextEncoder().encode(JSON.stringify(event("single"))),
      receivedAt: Date.now(),
    });
    const announced: string[] = [];
    const listening = kv.listenQueue((msg) => {
      const m = msg as InboxMessage;
      announced.push(...("batches" in m ? m.batches : m.inbox));
    });
    assert.equal(await resumeInbox(kv), 3, "two deliveries in batches and one alone");
    const [first, second] = (await batches(kv) as { batches: string[] }).batches;
    const deadline = Date.now() + 5_000;
    while (announced.length < 5 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // Each batch was announced by its own write, then once more by resumeInbox(); the single
    // delivery (no message of its own here) by resumeInbox() alone.
    assert.deepEqual(announced.sort(), [first, first, second, second, "single"].sort());
    kv.close();
    await listening;
  } catch (err) {
    kv.close();
    throw err;
  }
});

Deno.test("Inbox remembers the latest 10,000 delivery ids and forgets older ones", async () => {
  await onKv(async (kv) => {
    const inbox = new Inbox(kv);
    const ids = Array.from({ length: 10_001 }, (_, i) => `r${i}`);
    for (let i = 0; i < ids.length; i += 500) {
      await Promise.all(ids.slice(i, i + 500).map((id) => inbox.accept(event(id), id)));
    }
    assert.equal((await inbox.accept(event("r1"), "r1")).status, "duplicate");
    assert.equal((await inbox.accept(event("r10000"), "r10000")).status, "duplicate");
    // The oldest id was forgotten: stored again, and its handler joins the run it started.
    assert.equal((await inbox.accept(event("r0"), "r0")).status, "accepted");
  });
});
