import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { recordProfile } from "../db/profiles.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { profileFingerprint } from "../rules/profile.ts";
import { testDatabase } from "../tests/db.ts";
import type { RunStarter } from "./port.ts";
import { profileComparer, recheckProfiles } from "./profile_recheck.ts";
import { webhookHandler } from "./webhook_events.ts";

const NOW = new Date("2026-11-25T12:00:00Z");

function starter() {
  const started: Parameters<RunStarter["startRun"]>[0][] = [];
  const runs: RunStarter = {
    startRun: (input) => {
      started.push(input);
      return Promise.resolve({ runId: `run-${started.length}`, created: true });
    },
    rememberStatus: () => Promise.resolve(),
    rememberAccount: () => Promise.resolve(),
    noteUserReport: () => Promise.resolve(),
  };
  return { runs, started };
}

async function analysed() {
  const db = await testDatabase();
  for (const id of ["1", "2"]) {
    const a = sampleAdminAccount(id);
    await upsertAccount(db.sql, a, NOW);
    await recordProfile(
      db.sql,
      id,
      profileFingerprint(a.account),
      new Date(NOW.getTime() - 3_600_000),
    );
  }
  return db;
}

Deno.test("recheckProfiles() starts a run for the account whose bio changed since its last analysis only", async () => {
  const db = await analysed();
  try {
    const { runs, started } = starter();
    const mastodon = {
      adminAccount: (id: string) => {
        const a = sampleAdminAccount(id);
        if (id === "2") a.account.note = "<p>Crypto signals, join https://t.me/vip</p>";
        return Promise.resolve(a);
      },
    };
    const r = await recheckProfiles({ sql: db.sql, mastodon, runs, now: () => NOW });
    assert.deepEqual(r, { checked: 2, started: 1 });
    assert.deepEqual(started.map((s) => s.accountId), ["2"]);
  } finally {
    await db.close();
  }
});

Deno.test("an account.updated webhook starts a run only when the profile changed since the last analysis", async () => {
  const db = await analysed();
  try {
    const { runs, started } = starter();
    const handle = webhookHandler(runs, () => undefined, profileComparer(db.sql));
    const same = sampleAdminAccount("1");
    const event = (object: unknown) =>
      ({ event: "account.updated", created_at: NOW.toISOString(), object }) as never;
    assert.equal((await handle(event(same), "d1")).status, "ignored");
    const edited = sampleAdminAccount("1");
    edited.account.display_name = "Mastodon Support";
    assert.equal((await handle(event(edited), "d2")).status, "queued");
    assert.deepEqual(started.map((s) => s.accountId), ["1"]);
  } finally {
    await db.close();
  }
});
