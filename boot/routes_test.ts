import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { RuleCache } from "../rules/rule_cache.ts";
import { createApp } from "../server/app.ts";
import { Metrics } from "../server/metrics.ts";
import { TEST_API_KEY } from "../tests/api.ts";
import { harness } from "../workflows/testing.ts";
import { serviceRoutes } from "./routes.ts";
import { Inbox } from "../intake/inbox.ts";
import { runStarter } from "./workflow.ts";

const LONG = "x".repeat(3000);

// Every route that reads a query or path parameter, with values that must not reach a query.
const BAD: [method: string, path: string, status: 400 | 404][] = [
  ["GET", "/workflows?cursor=zz", 400],
  ["GET", "/workflows?limit=-1", 400],
  ["GET", "/workflows?limit=99999999999999999999", 400],
  ["GET", "/workflows?state=bogus", 400],
  ["GET", "/workflows/%00", 400],
  ["GET", `/workflows/${LONG}`, 400],
  ["GET", "/workflows/0000000000-deadbeef", 404],
  ["POST", "/workflows/%00/retry", 400],
  ["POST", `/workflows/${LONG}/redrive`, 400],
  ["POST", "/workflows/nope/redrive", 404],
  ["GET", "/accounts?limit=abc", 400],
  ["GET", "/accounts?cursor=%00", 400],
  ["GET", "/accounts?domain=%00", 400],
  ["GET", "/accounts?min_score=NaN", 400],
  ["GET", "/accounts?min_score=1e999", 400],
  ["GET", "/accounts/%00", 400],
  ["GET", `/accounts/${LONG}`, 400],
  ["GET", "/accounts/123456", 404],
  ["POST", "/accounts/%00/rescan", 400],
  ["POST", `/accounts/${LONG}/rescan`, 400],
  ["POST", "/accounts/123456/rescan", 404],
  ["GET", "/rescan/%00", 400],
  ["GET", `/rescan/${LONG}`, 400],
  ["GET", "/rescan/no-such-job", 404],
  ["GET", "/logs?cursor=zz", 400],
  ["GET", "/logs?limit=1000", 400],
  ["GET", "/logs?since=yesterday", 400],
  ["GET", "/logs?account_id=%00", 400],
  ["GET", "/rules?include_deleted=bogus", 400],
  ["GET", "/rules/abc", 404],
  ["GET", "/rules/99999999999999999999999/versions", 404],
  ["POST", "/config/dry_run?enable=maybe", 400],
  ["POST", "/config/panic_stop", 400],
  ["GET", "/static/build/%00", 404],
  ["GET", "/analytics/timeline?days=0", 400],
  ["GET", "/analytics/timeline?days=366", 400],
  ["GET", "/analytics/rules?days=week", 400],
  ["GET", "/accounts?origin=mars", 400],
  ["GET", "/accounts?since=yesterday", 400],
  ["GET", "/accounts?sort=%00", 400],
  ["GET", "/rules/samples/%00", 400],
  ["GET", "/rules/samples/123456", 404],
  ["POST", "/rules/abc/revert", 400],
  ["POST", "/rules/99999/delete", 404],
];

Deno.test("a bad query or path parameter on any route is a 400 or 404 envelope, never a 5xx", async () => {
  const h = await harness();
  try {
    const { config } = loadConfig({
      INSTANCE_BASE: "https://social.example",
      MASTODON_ADMIN_TOKEN: "very-secret-admin-token",
      API_KEY: TEST_API_KEY,
      WEBHOOK_SECRET: "very-secret-webhook",
    }, "production");
    const ctx = {
      config,
      sql: h.deps.sql,
      kv: h.deps.kv,
      metrics: new Metrics(),
      clock: h.deps.clock,
      checks: [],
    };
    const app = createApp({
      metrics: ctx.metrics,
      maxBodyBytes: 65536,
      routes: serviceRoutes({
        ctx,
        workflow: h.deps,
        runs: runStarter(h.deps),
        inbox: new Inbox(h.deps.kv),
        rules: new RuleCache(h.deps.sql),
      }),
    });
    for (const [method, path, status] of BAD) {
      const what = `${method} ${path.slice(0, 60)}`;
      const res = await app.request(path, { method, headers: { "x-api-key": TEST_API_KEY } });
      assert.equal(res.status, status, what);
      const body = await res.json();
      assert.equal(body.error.code, status === 400 ? "bad_request" : "not_found", what);
      assert.equal(body.error.request_id, res.headers.get("x-request-id"), what);
    }
    const page = await app.request("/logs?cursor=zz", {
      headers: { "x-api-key": TEST_API_KEY, accept: "text/html" },
    });
    assert.equal(page.status, 400);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    await page.body?.cancel();
  } finally {
    await h.close();
  }
});
