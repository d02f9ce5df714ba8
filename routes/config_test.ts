import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { configRoutes } from "./config.ts";

const { config } = loadConfig({
  INSTANCE_BASE: "https://social.example",
  MASTODON_ADMIN_TOKEN: "very-secret-admin-token",
  API_KEY: "test-api-key-0123456789",
  WEBHOOK_SECRET: "very-secret-webhook",
}, "production");

Deno.test("GET /config shows flags and configuration but no secret", async () => {
  const db = await testDatabase();
  try {
    const { call } = testApp([configRoutes({ config, sql: db.sql, auth: testAuth })]);
    const res = await call("/config");
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes("very-secret"), "no secret in /config");
    const body = JSON.parse(text);
    assert.deepEqual(body.flags, { dry_run: false, panic_stop: false });
    assert.equal(body.instanceBase, "https://social.example");
  } finally {
    await db.close();
  }
});

Deno.test("POST /config/panic_stop stores the flag, audits it and resumes work when lifted", async () => {
  const db = await testDatabase();
  let resumed = 0;
  try {
    const { call } = testApp([configRoutes({
      config,
      sql: db.sql,
      auth: testAuth,
      onPanicLifted: () => Promise.resolve(resumed++),
    })]);
    const on = await call("/config/panic_stop?enable=true", { method: "POST" });
    assert.equal(on.status, 200);
    assert.equal((await on.json()).flags.panic_stop, true);
    assert.equal(resumed, 0);
    const off = await call("/config/panic_stop?enable=false", { method: "POST" });
    assert.equal((await off.json()).flags.panic_stop, false);
    assert.equal(resumed, 1);
    const audit = await db.sql`SELECT actor FROM audit_log WHERE action LIKE 'setting%'`;
    assert.equal(audit.length, 2);
    assert.equal(audit[0].actor, "api-key");
  } finally {
    await db.close();
  }
});

Deno.test("POST /config/dry_run without a valid enable is 400 and changes nothing", async () => {
  const db = await testDatabase();
  try {
    const { call } = testApp([configRoutes({ config, sql: db.sql, auth: testAuth })]);
    const res = await call("/config/dry_run?enable=maybe", { method: "POST" });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.details[0].field, "enable");
    assert.equal((await db.sql`SELECT 1 FROM settings`).length, 0);
  } finally {
    await db.close();
  }
});

Deno.test("the config routes refuse requests without the API key", async () => {
  const db = await testDatabase();
  try {
    const { app } = testApp([configRoutes({ config, sql: db.sql, auth: testAuth })]);
    assert.equal((await app.request("/config")).status, 401);
    const res = await app.request("/config/dry_run?enable=true", { method: "POST" });
    assert.equal(res.status, 401);
    assert.equal((await db.sql`SELECT 1 FROM settings`).length, 0);
  } finally {
    await db.close();
  }
});
