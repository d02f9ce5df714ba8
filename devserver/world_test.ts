import assert from "node:assert/strict";
import { createDevServer, type DevServerOptions } from "./app.ts";
import type { Json } from "./entities.ts";
import { getJson, postJson } from "./test_helpers.ts";
import { worldDifferences, WorldMismatch } from "./world.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A server on `dir` with one report filed; closed before returning. */
async function worldWithAReport(dir: string, opts: DevServerOptions = {}) {
  const server = createDevServer({ dataDir: dir, ...opts });
  const target = [...server.state.accounts.values()].find((e) => e.label === "ordinary")!;
  const filed = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
  }, "dev-reporter-token");
  assert.equal(filed.status, 200);
  const adminId = server.state.fixedAccount("admin").admin.id;
  server.close();
  return { adminId };
}

Deno.test("a stored world with another seed is refused, naming both seeds and DEVSERVER_RESET=1", async () => {
  await withDir(async (dir) => {
    await worldWithAReport(dir, { seed: 42 });
    assert.throws(
      () => createDevServer({ dataDir: dir, seed: 7 }),
      (err: Error) =>
        err instanceof WorldMismatch && /seed 42 is stored, 7 was given/.test(err.message) &&
        err.message.includes("DEVSERVER_RESET=1") && err.message.includes(dir),
    );
    // Refused without harm: the stored world is still there for the right settings.
    const again = createDevServer({ dataDir: dir, seed: 42 });
    assert.equal(again.state.reports.length, 1);
    again.close();
  });
});

Deno.test("worldDifferences() names every population setting that differs, and only those", () => {
  const params = {
    seed: 42,
    baseUrl: "http://127.0.0.1:3000",
    baseTime: 0,
    windowMs: 3_600_000,
    ordinaryAccounts: 320,
    waves: true,
    hardCases: false,
    arrivalSpeed: 60,
    firstStartedAt: 0,
  };
  const other = { ...params, baseTime: 5, arrivalSpeed: 1, firstStartedAt: 9 };
  assert.deepEqual(worldDifferences(params, other), []);
  assert.deepEqual(worldDifferences(params, { ...params, hardCases: true, ordinaryAccounts: 10 }), [
    "ordinary accounts 320 is stored, 10 was given",
    "hard cases false is stored, true was given",
  ]);
  assert.deepEqual(worldDifferences(params, { ...params, baseUrl: "http://127.0.0.1:3001" }), [
    'base URL "http://127.0.0.1:3000" is stored, "http://127.0.0.1:3001" was given',
  ]);
});

Deno.test("reset: true (DEVSERVER_RESET=1) wipes the stored world and begins one with a new base time", async () => {
  await withDir(async (dir) => {
    let t = Date.parse("2026-11-20T10:00:00Z");
    const opts = { now: () => t, newBaseTime: (ms: number) => ms - 3_600_000 };
    const before = await worldWithAReport(dir, opts);
    t += 86_400_000;
    const continued = createDevServer({ dataDir: dir, ...opts });
    assert.equal(continued.state.population.baseTime, Date.parse("2026-11-20T09:00:00Z"));
    continued.close();
    const fresh = createDevServer({ dataDir: dir, reset: true, ...opts });
    try {
      assert.deepEqual((await getJson(fresh, "/_dev/reports")).body, []);
      assert.equal(fresh.state.population.baseTime, Date.parse("2026-11-21T09:00:00Z"));
      // A new instance: its accounts, the admin too, have new ids.
      assert.notEqual(fresh.state.fixedAccount("admin").admin.id, before.adminId);
      const filed = await postJson(fresh, "/api/v1/reports", {
        account_id: fresh.state.fixedAccount("member").admin.id,
      }, "dev-reporter-token");
      assert.equal((filed.body as Json).id, "1");
    } finally {
      fresh.close();
    }
  });
});

Deno.test("POST /_dev/reset wipes the stored world, so the next start finds the new one", async () => {
  await withDir(async (dir) => {
    let t = Date.parse("2026-11-20T10:00:00Z");
    const opts = { now: () => t, newBaseTime: (ms: number) => ms - 3_600_000 };
    await worldWithAReport(dir, opts);
    const server = createDevServer({ dataDir: dir, ...opts });
    t += 60_000;
    assert.equal((await postJson(server, "/_dev/reset", {})).status, 200);
    assert.equal(server.state.reports.length, 0);
    assert.equal(server.state.population.baseTime, Date.parse("2026-11-20T09:01:00Z"));
    server.close();
    const again = createDevServer({ dataDir: dir, ...opts });
    try {
      assert.deepEqual((await getJson(again, "/_dev/reports")).body, []);
      assert.equal(again.state.population.baseTime, Date.parse("2026-11-20T09:01:00Z"));
    } finally {
      again.close();
    }
  });
});
