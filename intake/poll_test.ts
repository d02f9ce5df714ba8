import assert from "node:assert/strict";
import { FakeMastodon } from "../mastodon/fake.ts";
import { cursorKey, pollNewAccounts } from "./poll.ts";
import type { RunStarter } from "./port.ts";

function recorder() {
  const started: string[] = [];
  const keys = new Set<string>();
  const runs: RunStarter = {
    startRun: (input) => {
      const created = !keys.has(input.dedupKey ?? "");
      keys.add(input.dedupKey ?? "");
      if (created) started.push(input.accountId);
      return Promise.resolve({ runId: `run-${input.accountId}`, created });
    },
    rememberStatus: () => Promise.resolve(),
    rememberAccount: () => Promise.resolve(),
    noteUserReport: () => Promise.resolve(),
  };
  return { runs, started };
}

Deno.test("pollNewAccounts() starts one run per new account and moves the cursor", async () => {
  const kv = await Deno.openKv(":memory:");
  const mastodon = new FakeMastodon();
  const first = Array.from({ length: 3 }, () => mastodon.addAccount({ domain: "spam.example" }));
  const { runs, started } = recorder();
  await pollNewAccounts({ kv, mastodon, runs }, "remote");
  assert.deepEqual(started, first.map((a) => a.id));
  assert.equal((await kv.get(cursorKey("remote"))).value, first.at(-1)!.id);

  const later = Array.from({ length: 250 }, () => mastodon.addAccount({ domain: "spam.example" }));
  const r = await pollNewAccounts({ kv, mastodon, runs }, "remote");
  assert.equal(r.started, 250);
  assert.deepEqual(started.slice(3), later.map((a) => a.id));
  assert.equal(new Set(started).size, started.length, "no account is started twice");
  kv.close();
});

Deno.test("pollNewAccounts() with nothing new starts nothing and keeps the cursor", async () => {
  const kv = await Deno.openKv(":memory:");
  const mastodon = new FakeMastodon();
  const a = mastodon.addAccount({ domain: "x.example" });
  const { runs, started } = recorder();
  await pollNewAccounts({ kv, mastodon, runs }, "remote");
  const again = await pollNewAccounts({ kv, mastodon, runs }, "remote");
  assert.deepEqual(again, { started: 0, seen: 0 });
  assert.deepEqual(started, [a.id]);
  assert.equal((await kv.get(cursorKey("remote"))).value, a.id);
  kv.close();
});

Deno.test("pollNewAccounts() leaves the cursor where it was when Mastodon fails", async () => {
  const kv = await Deno.openKv(":memory:");
  const mastodon = new FakeMastodon();
  mastodon.addAccount({ domain: "x.example" });
  const { runs } = recorder();
  await pollNewAccounts({ kv, mastodon, runs }, "remote");
  const before = (await kv.get(cursorKey("remote"))).value;
  mastodon.addAccount({ domain: "x.example" });
  mastodon.failNext(5);
  await assert.rejects(pollNewAccounts({ kv, mastodon, runs }, "remote"));
  assert.equal((await kv.get(cursorKey("remote"))).value, before);
  kv.close();
});

Deno.test("the first poll analyses only accounts created within the window; later polls every new one", async () => {
  const kv = await Deno.openKv(":memory:");
  const mastodon = new FakeMastodon();
  const now = Date.parse("2026-12-01T08:00:00Z");
  const aged = (days: number) => {
    const a = mastodon.addAccount({ domain: "far.example" });
    a.created_at = new Date(now - days * 86_400_000).toISOString();
    return a;
  };
  const old = aged(400);
  const recent = aged(2);
  const { runs, started } = recorder();
  const deps = { kv, mastodon, runs, firstPollWindowMs: 7 * 86_400_000, now: () => now };
  await pollNewAccounts(deps, "remote");
  assert.deepEqual(started, [recent.id], `${old.id} is history`);
  const later = aged(900);
  await pollNewAccounts(deps, "remote");
  assert.deepEqual(started, [recent.id, later.id], "an account new to the server is analysed");
  kv.close();
});
