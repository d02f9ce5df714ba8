import assert from "node:assert/strict";
import { Hono } from "hono";
import type { AppEnv } from "../server/types.ts";
import { testApp, testAuth } from "../tests/api.ts";
import type { SyncResult } from "../workflows/outcomes.ts";
import { outcomesRoutes } from "./outcomes.ts";

Deno.test("POST /outcomes/sync runs a sync now and answers what it did", async () => {
  let syncs = 0;
  const result: SyncResult = {
    checked: 3,
    resolved: 2,
    errors: 0,
    calls: 4,
    backlog: { open: 12, atLeast: false, at: "2026-12-01T12:00:00.000Z", limit: 250, woken: 1 },
  };
  const { call, app } = testApp([outcomesRoutes({
    auth: testAuth,
    sync: () => Promise.resolve(void syncs++).then(() => result),
  })]);
  const res = await call("/outcomes/sync", { method: "POST" });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    checked: 3,
    resolved: 2,
    errors: 0,
    calls: 4,
    backlog: { open: 12, at_least: false, at: "2026-12-01T12:00:00.000Z", limit: 250, woken: 1 },
  });
  assert.equal(syncs, 1);
  const anonymous = await app.request("/outcomes/sync", { method: "POST" });
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
  assert.equal(syncs, 1, "no sync without a key or a session");
});

Deno.test("POST /outcomes/sync shares a running sync, and answers 503 without a Mastodon", async () => {
  let syncs = 0;
  const waiting: (() => void)[] = [];
  const finish = () => waiting.forEach((f) => f());
  // Counts requests as they reach the route (auth done), so the sync ends only after both did.
  let arrived = 0;
  const counter = new Hono<AppEnv>();
  counter.use("/outcomes/sync", testAuth, async (_c, next) => {
    arrived++;
    await next();
  });
  const { call } = testApp([
    counter,
    outcomesRoutes({
      auth: testAuth,
      sync: () => {
        syncs++;
        return new Promise((resolve) => {
          waiting.push(() => resolve({ checked: 0, resolved: 0, errors: 0, calls: 1 }));
        });
      },
    }),
  ]);
  const both = Promise.all([
    call("/outcomes/sync", { method: "POST" }),
    call("/outcomes/sync", { method: "POST" }),
  ]);
  while (arrived < 2 || syncs < 1) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 5));
  finish();
  for (const res of await both) assert.equal((await res.json()).backlog, null);
  assert.equal(syncs, 1);
  const none = testApp([outcomesRoutes({ auth: testAuth })]);
  const off = await none.call("/outcomes/sync", { method: "POST" });
  assert.equal(off.status, 503);
  await off.body?.cancel();
});
