import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { accountRoutes } from "./accounts.tsx";

async function setup() {
  const db = await testDatabase();
  const admin = sampleAdminAccount("4242");
  admin.account.display_name = `<script>alert("x")</script> Totally Staff`;
  await upsertAccount(db.sql, admin);
  const { call } = testApp([accountRoutes({
    sql: db.sql,
    auth: testAuth,
    runsFor: (id) => Promise.resolve([{ id: `run-of-${id}`, state: "done" }]),
    csrf: () => "csrf-token",
  })]);
  return { db, call };
}

Deno.test("GET /accounts/:id answers the account with its analyses, reports and runs", async () => {
  const { db, call } = await setup();
  try {
    const res = await call("/accounts/4242");
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.account.id, "4242");
    assert.equal(body.latest_analysis, null);
    assert.deepEqual(body.reports, []);
    assert.deepEqual(body.runs, [{ id: "run-of-4242", state: "done" }]);
  } finally {
    await db.close();
  }
});

Deno.test("GET /accounts/:id is 404 for an unseen account and 400 for a malformed id", async () => {
  const { db, call } = await setup();
  try {
    assert.equal((await call("/accounts/999")).status, 404);
    for (const id of ["a%20b", "%00", "x".repeat(65), "..%2F..%2Fetc"]) {
      const res = await call(`/accounts/${id}`);
      assert.equal(res.status, 400, id);
      assert.equal((await res.json()).error.details[0].field, "id");
    }
  } finally {
    await db.close();
  }
});

Deno.test("the account page escapes what the account wrote and carries the footer credit", async () => {
  const { db, call } = await setup();
  try {
    const res = await call("/accounts/4242", { headers: { accept: "text/html" } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(!html.includes(`<script>alert("x")</script>`));
    assert.ok(html.includes("&lt;script>") || html.includes("&lt;script&gt;"));
    assert.ok(html.includes(`href="https://goingdark.social"`));
  } finally {
    await db.close();
  }
});

Deno.test("GET /accounts lists accounts seen", async () => {
  const { db, call } = await setup();
  try {
    const body = await (await call("/accounts")).json();
    assert.deepEqual(body.items.map((a: { id: string }) => a.id), ["4242"]);
    assert.equal(body.next_cursor, null);
  } finally {
    await db.close();
  }
});

Deno.test("GET /accounts refuses a bad limit, cursor, domain or score with a 400", async () => {
  const { db, call } = await setup();
  try {
    const bad = [
      "limit=-1",
      "limit=1.5",
      "cursor=%00",
      "domain=%00",
      "min_score=high",
      "min_score=",
    ];
    for (const q of bad) {
      const res = await call(`/accounts?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal((await res.json()).error.details[0].field, q.split("=")[0], q);
    }
    const ok = await (await call("/accounts?min_score=-2.5&limit=10&domain=example.org")).json();
    assert.deepEqual(ok.items, []);
  } finally {
    await db.close();
  }
});

Deno.test("an account page never links a javascript: URL from the account's JSON", async () => {
  const db = await testDatabase();
  try {
    const admin = sampleAdminAccount("4343");
    admin.account.url = "javascript:alert(document.cookie)";
    await upsertAccount(db.sql, admin);
    const { call } = testApp([accountRoutes({
      sql: db.sql,
      auth: testAuth,
      runsFor: () => Promise.resolve([]),
      csrf: () => "t",
    })]);
    const html = await (await call("/accounts/4343", { headers: { accept: "text/html" } })).text();
    assert.ok(!html.includes("javascript:"));
  } finally {
    await db.close();
  }
});
