import assert from "node:assert/strict";
import { openSqliteStore } from "./sqlite_store.ts";
import type { WorldParams } from "./store.ts";
import { WorldUnavailable } from "./world.ts";

const PARAMS: WorldParams = {
  seed: 42,
  baseUrl: "http://localhost:3000",
  baseTime: 0,
  windowMs: 3_600_000,
  ordinaryAccounts: 320,
  waves: true,
  hardCases: false,
  arrivalSpeed: 1,
  firstStartedAt: 0,
};

const REPORT = {
  id: "7",
  accountId: "1",
  targetAccountId: "2",
  statusIds: [],
  ruleIds: [],
  comment: "",
  category: "other",
  forwarded: false,
  createdAt: 0,
  updatedAt: 0,
  actionTakenAt: null,
  actionTakenById: null,
  assignedAccountId: null,
  resolved: false,
  action: null,
};

Deno.test("a transaction that throws leaves nothing of its writes in the store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  try {
    const store = openSqliteStore(dir);
    store.create(PARAMS);
    assert.throws(() =>
      store.transaction(() => {
        store.putReport(REPORT);
        store.setProgress({ elapsedMs: 5 });
        throw new Error("disk on fire");
      }), /disk on fire/);
    store.transaction(() => store.putReport({ ...REPORT, id: "8" }));
    store.close();
    const reopened = openSqliteStore(dir);
    const world = reopened.load()!;
    assert.deepEqual(world.reports.map((r) => r.id), ["8"]);
    assert.equal(world.elapsedMs, 0);
    reopened.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a second server on the same data directory is refused while the first has it open", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-" });
  try {
    const first = openSqliteStore(dir);
    assert.throws(
      () => openSqliteStore(dir),
      (err: Error) =>
        err instanceof WorldUnavailable &&
        err.message.includes("in use by another development server"),
    );
    first.close();
    openSqliteStore(dir).close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
