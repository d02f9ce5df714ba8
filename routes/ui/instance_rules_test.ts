import assert from "node:assert/strict";
import { testApp, testAuth } from "../../tests/api.ts";
import { instanceRulesRoutes } from "./instance_rules.ts";

Deno.test("GET /api/v1/instance/rules lists the server's rules and asks Mastodon once per window", async () => {
  let calls = 0;
  let t = 0;
  const { call } = testApp([instanceRulesRoutes({
    auth: testAuth,
    now: () => t,
    instance: () => {
      calls++;
      return Promise.resolve({ rules: [{ id: "1", text: "No spam", hint: "" }] });
    },
  })]);
  const body = await (await call("/api/v1/instance/rules")).json();
  assert.deepEqual(body.rules, [{ id: "1", text: "No spam", hint: "" }]);
  await (await call("/api/v1/instance/rules")).body?.cancel();
  assert.equal(calls, 1);
  t += 10 * 60_000;
  await (await call("/api/v1/instance/rules")).body?.cancel();
  assert.equal(calls, 2, "stale after five minutes");
});

Deno.test("GET /api/v1/instance/rules answers 502 when Mastodon fails and 503 without one", async () => {
  const failing = testApp([instanceRulesRoutes({
    auth: testAuth,
    instance: () => Promise.reject(new Error("timed out")),
  })]);
  const res = await failing.call("/api/v1/instance/rules");
  assert.equal(res.status, 502);
  assert.match((await res.json()).error.message, /timed out/);
  const none = testApp([instanceRulesRoutes({ auth: testAuth })]);
  const off = await none.call("/api/v1/instance/rules");
  assert.equal(off.status, 503);
  await off.body?.cancel();
});
