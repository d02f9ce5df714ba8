import assert from "node:assert/strict";
import type { WebhookEvent } from "../routes/webhooks.ts";
import { drainInbox, Inbox, resumeInbox } from "./inbox.ts";
import { keys } from "../workflows/store.ts";

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

async function stored(kv: Deno.Kv): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of kv.list({ prefix: keys.inbox() })) ids.push(String(e.key[1]));
  return ids.sort();
}

Deno.test("Inbox.accept() answers once the delivery is stored, and a burst shares few writes", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const counter = countingCommits(kv);
    const inbox = new Inbox(kv);
    const ids = Array.from({ length: 200 }, (_, i) => `d${String(i).padStart(3, "0")}`);
    const results = await Promise.all(ids.map((id) => inbox.accept(event(id), id)));
    assert.ok(results.every((r) => r.status === "accepted"));
    assert.deepEqual(await stored(kv), ids);
    assert.ok(counter.commits <= 20, `${counter.commits} commits for 200 deliveries`);
  } finally {
    kv.close();
  }
});

Deno.test("Inbox.accept() answers a re-delivery it stored lately as a duplicate, without a write", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const inbox = new Inbox(kv);
    assert.equal((await inbox.accept(event("1"), "x")).status, "accepted");
    const counter = countingCommits(kv);
    assert.equal((await inbox.accept(event("1"), "x")).status, "duplicate");
    assert.equal(counter.commits, 0);
  } finally {
    kv.close();
  }
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
    assert.deepEqual(await stored(kv), []);
  } finally {
    kv.close();
  }
});

Deno.test("drainInbox() hands each delivery over once and keeps the ones whose handler failed", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const inbox = new Inbox(kv);
    for (const id of ["a", "b", "c"]) await inbox.accept(event(id), id);
    const handled: string[] = [];
    await assert.rejects(
      drainInbox(kv, ["a", "b", "c"], (_e, id) => {
        if (id === "b") return Promise.reject(new Error("database down"));
        handled.push(id);
        return Promise.resolve();
      }),
      /database down/,
    );
    assert.deepEqual(handled, ["a", "c"]);
    assert.deepEqual(await stored(kv), ["b"]);
    await drainInbox(kv, ["a", "b", "c"], (_e, id) => Promise.resolve(void handled.push(id)));
    assert.deepEqual(handled, ["a", "c", "b"], "a handled delivery is not handed over again");
    assert.deepEqual(await stored(kv), []);
  } finally {
    kv.close();
  }
});

Deno.test("resumeInbox() announces again the deliveries a stopped process left stored", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const inbox = new Inbox(kv);
    for (const id of ["a", "b"]) await inbox.accept(event(id), id);
    const announced: string[][] = [];
    const listening = kv.listenQueue((msg) => {
      announced.push((msg as { inbox: string[] }).inbox);
    });
    assert.equal(await resumeInbox(kv), 2);
    const deadline = Date.now() + 5_000;
    while (announced.flat().filter((id) => id === "b").length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // Each delivery was announced by its own write, then once more by resumeInbox().
    assert.deepEqual(announced.flat().sort(), ["a", "a", "b", "b"]);
    kv.close();
    await listening;
  } catch (err) {
    kv.close();
    throw err;
  }
});
