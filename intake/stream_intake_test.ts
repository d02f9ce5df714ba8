import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { FakeMastodon } from "../mastodon/fake.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import type { Status } from "../mastodon/schemas.ts";
import { testDatabase } from "../tests/db.ts";
import { keys } from "../workflows/store.ts";
import { Inbox } from "./inbox.ts";
import { streamIntake } from "./stream_intake.ts";

const DAY = 86_400_000;

async function setup(now: number) {
  const kv = await Deno.openKv(":memory:");
  const db = await testDatabase();
  const m = new FakeMastodon();
  const accepted: { id: string; delayMs: number }[] = [];
  const inbox = new Inbox(kv);
  const take = streamIntake({
    kv,
    sql: db.sql,
    inbox: {
      accept: (e, id, raw, delayMs) => {
        accepted.push({ id, delayMs: delayMs ?? 0 });
        return inbox.accept(e, id, raw, delayMs);
      },
    },
    youngWindowMs: 7 * DAY,
    now: () => now,
  });
  const status = (createdAgoMs: number): Status => {
    const a = m.addAccount({ username: `u${m.accounts.length}`, domain: "far.example" });
    a.account.created_at = new Date(now - createdAgoMs).toISOString();
    return m.addStatus(a.id, {});
  };
  return {
    kv,
    db,
    take: (s: Status) => take(s, JSON.stringify(s)),
    status,
    accepted,
    close: async () => {
      kv.close();
      await db.close();
    },
  };
}

Deno.test("a streamed status of a young remote account is stored and starts a run at once", async () => {
  const t = await setup(Date.parse("2026-12-01T08:00:00Z"));
  try {
    const s = t.status(DAY);
    await t.take(s);
    assert.deepEqual(t.accepted, [{ id: `stream:${s.id}`, delayMs: 0 }]);
    // Stored with the other deliveries of its group commit.
    let body: Uint8Array | undefined;
    const batches = t.kv.list<{ entries: { id: string; body: Uint8Array }[] }>({
      prefix: keys.inboxBatch(),
    });
    for await (const b of batches) {
      body ??= b.value.entries.find((e) => e.id === `stream:${s.id}`)?.body;
    }
    const event = JSON.parse(new TextDecoder().decode(body));
    assert.equal(event.event, "status.streamed");
    assert.equal(event.object.id, s.id);
  } finally {
    await t.close();
  }
});

Deno.test("streamed statuses of established accounts are not stored, unless we first saw them lately", async () => {
  const now = Date.parse("2026-12-01T08:00:00Z");
  const t = await setup(now);
  try {
    const old = t.status(400 * DAY);
    await t.take(old);
    assert.equal(t.accepted.length, 0);
    const seenLately = t.status(400 * DAY);
    const admin = sampleAdminAccount(seenLately.account.id, { domain: "far.example" });
    await upsertAccount(t.db.sql, admin, new Date(now - DAY));
    await t.take(seenLately);
    assert.deepEqual(t.accepted.map((a) => a.id), [`stream:${seenLately.id}`]);
  } finally {
    await t.close();
  }
});

Deno.test("more statuses of one account within a minute wait for its end, together", async () => {
  const t = await setup(Date.parse("2026-12-01T08:00:00Z"));
  try {
    const first = t.status(DAY);
    await t.take(first);
    const second = { ...first, id: `${first.id}1` };
    const third = { ...first, id: `${first.id}2` };
    await t.take(second);
    await t.take(third);
    assert.deepEqual(t.accepted.map((a) => a.delayMs), [0, 60_000, 60_000]);
  } finally {
    await t.close();
  }
});
