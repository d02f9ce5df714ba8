/**
 * /openapi.json against the app: a well-formed OpenAPI 3.1 document that describes every
 * mounted route, and every described route called on a test app answers as described.
 */
import assert from "node:assert/strict";
import { Inbox } from "../intake/inbox.ts";
import { loadConfig } from "../config.ts";
import { RuleCache } from "../rules/rule_cache.ts";
import { createApp } from "../server/app.ts";
import { Metrics } from "../server/metrics.ts";
import { mountedRoutes, openApiPath } from "../server/openapi_document.ts";
import { Sessions } from "../server/session.ts";
import { fakeLogin } from "../server/testing_login.ts";
import { TEST_API_KEY } from "../tests/api.ts";
import { documentProblems, operations, responseChecker } from "../tests/openapi_doc.ts";
import { serviceRoutes } from "../boot/routes.ts";
import { runStarter } from "../boot/workflow.ts";
import { startRun } from "../workflows/runs.ts";
import { drive, harness, spamAccount } from "../workflows/testing.ts";
import { fakeError } from "../mastodon/fake.ts";
import { exampleCalls } from "./openapi_calls.ts";

const WEBHOOK_SECRET = "openapi-test-webhook-secret";

/**
 * Mounted routes that /openapi.json leaves out, each with why. Every other route must be
 * described (server/openapi.ts says how).
 */
const UNDESCRIBED: Record<string, string> = {
  // Files of `deno task build` and the stylesheets: no API.
  "GET /static/build/:file": "static bundles",
  "GET /static/:file{[A-Za-z0-9_-]+\\.css}": "static stylesheets",
  // A browser's view of GET /rules/{id}, which is described (with the same path in OpenAPI).
  "GET /rules/:id{[0-9]+}": "the rule's page",
};

async function setup() {
  const h = await harness();
  const { config } = loadConfig({
    INSTANCE_BASE: "https://social.example",
    MASTODON_ADMIN_TOKEN: "very-secret-admin-token",
    API_KEY: TEST_API_KEY,
    WEBHOOK_SECRET,
  }, "production");
  const ctx = {
    config,
    sql: h.deps.sql,
    kv: h.deps.kv,
    metrics: new Metrics(),
    clock: h.deps.clock,
    checks: [],
  };
  const client = fakeLogin();
  const sessions = new Sessions({
    sql: h.deps.sql,
    secret: "s".repeat(40),
    secure: false,
    login: client,
  });
  const app = createApp({
    metrics: ctx.metrics,
    maxBodyBytes: 65536,
    routes: serviceRoutes({
      ctx,
      workflow: h.deps,
      runs: runStarter(h.deps),
      inbox: new Inbox(h.deps.kv),
      rules: new RuleCache(h.deps.sql),
      login: { client, sessions, missing: [], instanceName: () => Promise.resolve("Social") },
    }),
  });
  // An account with a finished run (analysis, report, audit), one whose run failed, one with
  // a dead letter.
  const done = spamAccount(h.mastodon);
  const doneRun = (await startRun(h.deps, { accountId: done.accountId, trigger: "poll" })).runId;
  assert.equal((await drive(h.deps, doneRun)).state, "done");
  const failing = spamAccount(h.mastodon);
  const failedRun = (await startRun(h.deps, { accountId: failing.accountId, trigger: "poll" }))
    .runId;
  h.mastodon.failNext(10, fakeError(503));
  assert.equal((await drive(h.deps, failedRun)).state, "failed");
  h.mastodon.failNext(0, fakeError(503));
  // Two accounts posting the same pitch with the same link: a spam wave.
  for (const username of ["wave1", "wave2"]) {
    const a = h.mastodon.addAccount({ username });
    h.mastodon.addStatus(a.id, {
      content: '<p>Claim your free airdrop tokens now <a href="https://airdrop.example/claim">' +
        "airdrop.example/claim</a></p>",
    });
    const run = (await startRun(h.deps, { accountId: a.id, trigger: "poll" })).runId;
    assert.equal((await drive(h.deps, run)).state, "skipped", "scored below the threshold");
  }
  const dead = spamAccount(h.mastodon);
  const deadRun = (await startRun(h.deps, { accountId: dead.accountId, trigger: "poll" })).runId;
  await h.deps.kv.set(["dead", deadRun], { runId: deadRun });
  return { h, app, seeded: { accountId: done.accountId, doneRun, failedRun, deadRun } };
}

Deno.test("/openapi.json is a well-formed OpenAPI 3.1 document", async () => {
  const { h, app } = await setup();
  try {
    const res = await app.request("/openapi.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const doc = await res.json();
    assert.equal(doc.openapi, "3.1.0");
    assert.deepEqual(documentProblems(doc), []);
    assert.ok(operations(doc).length > 40, "the API's operations are described");
    assert.doesNotMatch(JSON.stringify(doc), /very-secret|openapi-test-webhook/, "no secret");
  } finally {
    await h.close();
  }
});

Deno.test("every mounted route is described in /openapi.json, or excluded with a reason", async () => {
  const { h, app } = await setup();
  try {
    const doc = await (await app.request("/openapi.json")).json();
    const described = new Set(operations(doc).map((o) => o.key));
    const mounted = mountedRoutes([app]);
    const missing = mounted
      .filter((r) => !(`${r.method} ${r.path}` in UNDESCRIBED))
      .map((r) => `${r.method} ${openApiPath(r.path).path}`)
      .filter((key) => !described.has(key));
    assert.deepEqual(missing, [], "routes without a description (see server/openapi.ts)");
    const stale = Object.keys(UNDESCRIBED).filter((key) =>
      !mounted.some((r) => `${r.method} ${r.path}` === key)
    );
    assert.deepEqual(stale, [], "exclusions of routes that no longer exist");
    const phantom = [...described].filter((key) =>
      !mounted.some((r) => `${r.method} ${openApiPath(r.path).path}` === key)
    );
    assert.deepEqual(phantom, [], "described operations that are not mounted");
  } finally {
    await h.close();
  }
});

Deno.test("every described route answers as /openapi.json says, and refuses callers without a key", async () => {
  const { h, app, seeded } = await setup();
  try {
    const doc = await (await app.request("/openapi.json")).json();
    const checker = responseChecker(doc);
    const ops = new Map(operations(doc).map((o) => [o.key, o]));
    const succeeded = new Set<string>();
    const firstPath = new Map<string, string>();
    for await (const call of exampleCalls(app, seeded, WEBHOOK_SECRET)) {
      const op = ops.get(call.op);
      assert.ok(op, `${call.op} is described`);
      const what = `${call.op} (${call.path}) answered ${call.res.status}`;
      const described = op.op.responses[String(call.res.status)];
      assert.ok(described, `${what}, which is not among its responses`);
      const type = (call.res.headers.get("content-type") ?? "").split(";")[0].trim();
      if (type) {
        assert.ok(type in (described.content ?? {}), `${what} as ${type}, not described`);
      }
      if (type === "application/json") {
        const pointer = ["paths", op.path, op.method, "responses", String(call.res.status)];
        const problems = checker.check([...pointer, "content", type, "schema"], call.body);
        assert.deepEqual(problems, [], `${what}: the body does not match its schema`);
      }
      if (call.res.status < 300 && call.sent !== undefined) {
        // What the route accepted is what its description says it takes.
        const pointer = ["paths", op.path, op.method, "requestBody", "content", "application/json"];
        const problems = checker.check([...pointer, "schema"], call.sent);
        assert.deepEqual(problems, [], `${call.op}: the body it accepted is not as described`);
      }
      if (call.res.status < 400) succeeded.add(call.op);
      if (!firstPath.has(call.op)) firstPath.set(call.op, call.path);
    }
    const uncalled = [...ops.keys()].filter((key) => !succeeded.has(key));
    assert.deepEqual(uncalled, [], "described operations no example call succeeded on");

    // Whatever says it needs a key or a session refuses a request with neither, as described.
    for (const o of ops.values()) {
      if (!o.op.security?.length) continue;
      const res = await app.request(firstPath.get(o.key)!, { method: o.method.toUpperCase() });
      assert.equal(res.status, 401, `${o.key} without a key`);
      const problems = checker.check(
        ["paths", o.path, o.method, "responses", "401", "content", "application/json", "schema"],
        await res.json(),
      );
      assert.deepEqual(problems, [], `${o.key}: the 401 envelope does not match`);
    }
  } finally {
    await h.close();
  }
});
