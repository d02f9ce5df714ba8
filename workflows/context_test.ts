import assert from "node:assert/strict";
import { getAccount } from "../db/accounts.ts";
import { updateCampaignCounters } from "./campaign.ts";
import { rememberStatus } from "./context_cache.ts";
import { campaignKeys } from "./engine.ts";
import { loadContext } from "./run_context.ts";
import { startRun } from "./runs.ts";
import { processRun } from "./dispatch.ts";
import { drive, harness, spamAccount } from "./testing.ts";

Deno.test("fetch_context uses a status the webhook carried instead of fetching it", async () => {
  const h = await harness();
  try {
    const { accountId, spamIds } = spamAccount(h.mastodon);
    const status = h.mastodon.statuses.find((s) => s.id === spamIds[0])!;
    await rememberStatus(h.deps.kv, status);
    const { runId } = await startRun(h.deps, {
      accountId,
      trigger: "webhook",
      statusId: status.id,
    });
    await processRun(h.deps, runId);
    await processRun(h.deps, runId);
    assert.equal(h.mastodon.calls.filter((c) => c.method === "status").length, 0);
    const input = await loadContext(h.deps.sql, runId);
    assert.equal(input?.status?.id, status.id);
    assert.equal(input?.recentStatuses?.length, 3);
    assert.equal((await getAccount(h.deps.sql, accountId))?.id, accountId, "account row upserted");
  } finally {
    await h.close();
  }
});

Deno.test("a burst of runs for one account reads its account and statuses from Mastodon once", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    for (let i = 0; i < 3; i++) {
      const { runId } = await startRun(h.deps, { accountId, trigger: "poll", dedupKey: `p${i}` });
      for (let s = 0; s < 2; s++) await processRun(h.deps, runId);
      await h.deps.kv.delete(["account_run", accountId]);
    }
    assert.equal(h.mastodon.calls.filter((c) => c.method === "adminAccount").length, 1);
    assert.equal(h.mastodon.calls.filter((c) => c.method === "accountStatuses").length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("campaign counters count distinct accounts per shared link, each account once", async () => {
  const h = await harness();
  try {
    const link = '<p>Look <a href="https://promo.example/deal">here</a> now friends, a deal</p>';
    const accounts = [spamAccount(h.mastodon), spamAccount(h.mastodon), spamAccount(h.mastodon)];
    let last = { texts: {}, links: {}, blurhashes: {} } as Awaited<
      ReturnType<typeof updateCampaignCounters>
    >;
    for (const { accountId } of accounts) {
      const s = h.mastodon.addStatus(accountId, { content: link });
      for (let twice = 0; twice < 2; twice++) {
        last = await updateCampaignCounters(h.deps.kv, accountId, [s, s], campaignKeys, 60_000);
      }
    }
    const counts = Object.values(last.links);
    assert.ok(counts.length >= 1, "the link was counted");
    assert.ok(counts.every((n) => n === 3), `three accounts, got ${counts}`);
    assert.ok(Object.values(last.texts).every((n) => n === 3));
  } finally {
    await h.close();
  }
});

const fetchesOf = (h: Awaited<ReturnType<typeof harness>>) =>
  h.mastodon.calls.filter((c) => c.method === "accountStatuses").length;

Deno.test("an account with no statuses is scored without asking Mastodon for any", async () => {
  const h = await harness();
  try {
    const account = h.mastodon.addAccount({ username: "quiet" });
    const { runId } = await startRun(h.deps, { accountId: account.id, trigger: "poll" });
    const run = await drive(h.deps, runId);
    assert.equal(run.state === "done" || run.state === "skipped", true);
    assert.equal(run.statusesFrom, "none");
    assert.equal(fetchesOf(h), 0);
  } finally {
    await h.close();
  }
});

Deno.test("an account whose every status a webhook delivered is scored on them without a fetch", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    for (const s of h.mastodon.statuses.filter((s) => s.account.id === accountId)) {
      await rememberStatus(h.deps.kv, s);
    }
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.statusesFrom, "known");
    assert.equal(fetchesOf(h), 0);
    assert.equal(run.decision, "reported", "the delivered statuses were scored");
  } finally {
    await h.close();
  }
});

Deno.test("an account with more statuses than were delivered has its recent statuses fetched", async () => {
  const h = await harness();
  try {
    const { accountId } = spamAccount(h.mastodon);
    const [first] = h.mastodon.statuses.filter((s) => s.account.id === accountId);
    await rememberStatus(h.deps.kv, first);
    const run = await drive(h.deps, (await startRun(h.deps, { accountId, trigger: "poll" })).runId);
    assert.equal(run.statusesFrom, "fetched");
    assert.equal(fetchesOf(h), 1);
  } finally {
    await h.close();
  }
});

const WEEK = 7 * 86_400_000;

/** An account created long ago with history we never saw, and one status delivered by webhook. */
async function establishedWithStatus(h: Awaited<ReturnType<typeof harness>>, content: string) {
  const account = h.mastodon.addAccount({ username: "regular" });
  account.created_at = account.account.created_at = new Date(Date.now() - 400 * 86_400_000)
    .toISOString();
  account.account.statuses_count = 250;
  const status = h.mastodon.addStatus(account.id, { content });
  await rememberStatus(h.deps.kv, status);
  return { accountId: account.id, status };
}

Deno.test("a benign status of an established account is scored on what is known, without a call", async () => {
  const h = await harness({ config: { youngAccountMs: WEEK } });
  try {
    const { accountId, status } = await establishedWithStatus(h, "<p>Lovely weather today</p>");
    const before = h.mastodon.calls.length;
    const run = await drive(
      h.deps,
      (await startRun(h.deps, { accountId, trigger: "webhook", statusId: status.id })).runId,
    );
    assert.equal(run.statusesFrom, "triaged");
    assert.deepEqual(h.mastodon.calls.slice(before).map((c) => c.method), []);
  } finally {
    await h.close();
  }
});

Deno.test("a scam status of an established account earns a fetch of its history and its report", async () => {
  const h = await harness({ config: { youngAccountMs: WEEK } });
  try {
    const { accountId, status } = await establishedWithStatus(h, "<p>Free crypto for all!</p>");
    const run = await drive(
      h.deps,
      (await startRun(h.deps, { accountId, trigger: "webhook", statusId: status.id })).runId,
    );
    assert.equal(run.statusesFrom, "fetched");
    assert.equal(fetchesOf(h), 1);
    assert.equal(run.decision, "reported");
  } finally {
    await h.close();
  }
});

Deno.test("a young account's history is fetched whatever its first status says", async () => {
  const h = await harness({ config: { youngAccountMs: WEEK } });
  try {
    const { accountId } = spamAccount(h.mastodon);
    const admin = h.mastodon.accounts.find((a) => a.id === accountId)!;
    admin.created_at = admin.account.created_at = new Date(Date.now() - 3_600_000).toISOString();
    const [benign] = h.mastodon.statuses.filter((s) =>
      s.account.id === accountId && s.content.includes("Good morning")
    );
    await rememberStatus(h.deps.kv, benign);
    const run = await drive(
      h.deps,
      (await startRun(h.deps, { accountId, trigger: "webhook", statusId: benign.id })).runId,
    );
    assert.equal(run.statusesFrom, "fetched");
    assert.equal(run.decision, "reported", "the spam in its history was found");
  } finally {
    await h.close();
  }
});

Deno.test("a young remote author is taken from its status, without asking for its Admin::Account", async () => {
  const h = await harness({ config: { youngAccountMs: WEEK } });
  try {
    const { accountId, spamIds } = spamAccount(h.mastodon, "spam.example");
    const admin = h.mastodon.accounts.find((a) => a.id === accountId)!;
    admin.created_at = admin.account.created_at = new Date(Date.now() - 3_600_000).toISOString();
    const status = h.mastodon.statuses.find((s) => s.id === spamIds[0])!;
    assert.ok(status.account.acct.includes("@"), "the author is remote");
    assert.equal(status.account.created_at, admin.created_at, "the author is young");
    await rememberStatus(h.deps.kv, status);
    const run = await drive(
      h.deps,
      (await startRun(h.deps, { accountId, trigger: "stream", statusId: status.id })).runId,
    );
    assert.equal(h.mastodon.calls.filter((c) => c.method === "adminAccount").length, 0);
    assert.equal(run.decision, "reported");
    assert.equal((await getAccount(h.deps.sql, accountId))?.domain, "spam.example");
  } finally {
    await h.close();
  }
});
