import assert from "node:assert/strict";
import { getInstanceIdentity } from "../db/instance.ts";
import { testDatabase } from "../tests/db.ts";
import { bindInstance, InstanceMismatch } from "./instance.ts";

const social = {
  domain: "social.example",
  baseUrl: "https://social.example",
  adminAccountId: "100",
};

const exists = (ids: string[]) => (id: string) => Promise.resolve(ids.includes(id));

Deno.test("bindInstance() records the instance on the first start and accepts it again", async () => {
  const db = await testDatabase();
  try {
    await bindInstance(db.sql, social, exists([]));
    const again = await bindInstance(db.sql, social, exists([]));
    assert.equal(again.domain, "social.example");
    assert.equal((await getInstanceIdentity(db.sql))?.adminAccountId, "100");
  } finally {
    await db.close();
  }
});

Deno.test("bindInstance() refuses another instance, naming both and how to start afresh", async () => {
  const db = await testDatabase();
  try {
    await bindInstance(db.sql, social, exists([]));
    const other = {
      domain: "other.example",
      baseUrl: "https://other.example",
      adminAccountId: "5",
    };
    await assert.rejects(bindInstance(db.sql, other, exists(["100"])), (err: Error) => {
      assert.ok(err instanceof InstanceMismatch);
      assert.match(err.message, /serves the Mastodon instance social\.example/);
      assert.match(err.message, /other\.example/);
      assert.match(err.message, /empty database/);
      return true;
    });
    assert.equal((await getInstanceIdentity(db.sql))?.domain, "social.example", "record unchanged");
  } finally {
    await db.close();
  }
});

Deno.test("bindInstance() refuses the same domain re-created from scratch (the admin account is gone)", async () => {
  const db = await testDatabase();
  try {
    await bindInstance(db.sql, social, exists([]));
    const recreated = { ...social, adminAccountId: "200" };
    await assert.rejects(
      bindInstance(db.sql, recreated, exists(["200"])),
      /no longer has that admin account/,
    );
    assert.equal((await getInstanceIdentity(db.sql))?.adminAccountId, "100");
  } finally {
    await db.close();
  }
});

Deno.test("bindInstance() accepts a new admin token on the same instance and records its account", async () => {
  const db = await testDatabase();
  try {
    await bindInstance(db.sql, social, exists([]));
    const bound = await bindInstance(
      db.sql,
      { ...social, adminAccountId: "300", reporterAccountId: "7" },
      exists(["100", "300"]),
    );
    assert.equal(bound.reporterAccountId, "7");
    const stored = await getInstanceIdentity(db.sql);
    assert.equal(stored?.adminAccountId, "300");
    assert.equal(stored?.reporterAccountId, "7");
  } finally {
    await db.close();
  }
});
