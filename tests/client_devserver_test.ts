/**
 * The Mastodon client against the development Mastodon server over real HTTP: paging a large
 * population without gaps or repeats, pacing under the rate limit, 429 recovery, 5xx retries
 * and timeouts.
 */
import assert from "node:assert/strict";
import { createMastodon } from "../mastodon/client.ts";
import { MastodonError } from "../mastodon/errors.ts";
import { startDevServer } from "../devserver/main.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function devServer(extra: Parameters<typeof startDevServer>[0] = {}, maxRetries = 3) {
  const dev = await startDevServer({ port: 0, arrivals: "manual", ...extra });
  dev.server.tick();
  const client = createMastodon({
    baseUrl: dev.url,
    adminToken: "dev-admin-token",
    reporterToken: "dev-reporter-token",
    userAgent: "MastoWatch/test",
    timeoutMs: 2_000,
    maxRetries,
  });
  const faults = async (settings: Record<string, unknown>) => {
    const res = await fetch(`${dev.url}/_dev/faults`, {
      method: "POST",
      body: JSON.stringify(settings),
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  };
  return { dev, client, faults };
}

Deno.test({
  ...opts,
  name: "the client pages through 1,000+ accounts with no gap or repeat, counting its calls",
  fn: async () => {
    const { dev, client } = await devServer({
      rateLimit: 100_000,
      population: { ordinaryAccounts: 1100 },
    });
    try {
      const total = dev.server.dev.state.accounts.size;
      assert.ok(total > 1000);
      // Backwards through `next` links, newest first.
      const seen: string[] = [];
      let maxId: string | undefined;
      let calls = 0;
      do {
        const page = await client.listAdminAccounts({ maxId, limit: 100 });
        calls++;
        seen.push(...page.items.map((a) => a.id));
        maxId = page.next?.maxId;
      } while (maxId);
      assert.equal(seen.length, total, "every account once");
      assert.equal(new Set(seen).size, total, "no repeats");
      // Forwards from the start of history, as a poll with a stored cursor does.
      let cursor: string | undefined = "0";
      const forward: string[] = [];
      for (;;) {
        const r = await client.newAdminAccountsSince({
          origin: "remote",
          cursor,
          maxPages: 3,
        });
        calls += Math.max(1, Math.ceil(r.accounts.length / 100));
        if (r.accounts.length === 0) break;
        forward.push(...r.accounts.map((a) => a.id));
        cursor = r.cursor;
      }
      const remote = [...dev.server.dev.state.accounts.values()].filter((e) =>
        e.admin.domain !== null
      ).length;
      assert.equal(forward.length, remote);
      assert.equal(new Set(forward).size, remote);
      const served = dev.server.stats().requests.by_route["GET /api/v2/admin/accounts"];
      console.log(
        `paged ${total} accounts backwards and ${remote} remote ones forwards ` +
          `in ${served} API calls`,
      );
    } finally {
      await dev.shutdown();
    }
  },
});

Deno.test({
  ...opts,
  name: "the client slows down before the rate limit runs out and never sees a 429",
  fn: async () => {
    const { dev, client } = await devServer({ rateLimit: 30, rateLimitPeriodMs: 3_000 });
    try {
      const id = [...dev.server.dev.state.accounts.keys()][0];
      // 45 calls on a budget of 30: they can only all pass by waiting for the window to reset.
      for (let i = 0; i < 45; i++) await client.adminAccount(id);
      const stats = dev.server.stats();
      assert.equal(stats.requests.by_status["200"], 45);
      assert.equal(stats.requests.by_status["429"] ?? 0, 0, "no 429 answered");
    } finally {
      await dev.shutdown();
    }
  },
});

Deno.test({
  ...opts,
  name: "the client waits out 429s until the window resets and then succeeds",
  fn: async () => {
    // Windows are aligned to the clock, so a call may meet more than one refusal under load.
    const { dev, client } = await devServer({ rateLimit: 5, rateLimitPeriodMs: 1_500 }, 8);
    try {
      // Eight at once on a budget of five: three are refused and fit in the next window.
      const ids = [...dev.server.dev.state.accounts.keys()].slice(0, 8);
      // All at once, so pacing cannot help: some are refused and must wait for the reset.
      const got = await Promise.all(ids.map((id) => client.adminAccount(id)));
      assert.deepEqual(got.map((a) => a.id), ids);
      assert.ok((dev.server.stats().requests.by_status["429"] ?? 0) > 0, "429s were answered");
    } finally {
      await dev.shutdown();
    }
  },
});

Deno.test({
  ...opts,
  name: "the client retries 5xx answers and dropped connections on reads",
  fn: async () => {
    const { dev, client, faults } = await devServer({ seed: 7 });
    try {
      await faults({ errorRate: 0.25, dropRate: 0.1 });
      const ids = [...dev.server.dev.state.accounts.keys()].slice(0, 20);
      for (const id of ids) assert.equal((await client.adminAccount(id)).id, id);
      const injected = dev.server.stats().faults_injected;
      assert.ok(Object.values(injected).reduce((a, b) => a + b, 0) > 0, "faults happened");
    } finally {
      await dev.shutdown();
    }
  },
});

Deno.test({
  ...opts,
  name: "a call slower than the timeout fails with a retryable error naming no token",
  fn: async () => {
    const { dev, client, faults } = await devServer();
    try {
      await faults({ latencyMs: 2_500 });
      const err = await client.instance().then(() => undefined, (e) => e);
      assert.ok(err instanceof MastodonError);
      assert.equal(err.status, 0);
      assert.equal(err.retryable, true);
      assert.ok(!err.message.includes("dev-admin-token"));
    } finally {
      await faults({}).catch(() => {});
      await dev.shutdown();
    }
  },
});
