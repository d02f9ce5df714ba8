import assert from "node:assert/strict";
import type { Sql } from "../db/connect.ts";
import { createApp } from "../server/app.ts";
import { requireAuth } from "../server/auth.ts";
import { Metrics } from "../server/metrics.ts";
import { testDatabase } from "../tests/db.ts";
import { rulesRoutes } from "./rules.ts";

const KEY = "test-key";

async function withApp(fn: (call: Call, sql: Sql) => Promise<void>) {
  const db = await testDatabase();
  try {
    const app = createApp({
      metrics: new Metrics(),
      maxBodyBytes: 100_000,
      routes: [rulesRoutes({ sql: db.sql, auth: requireAuth(KEY) })],
    });
    const call: Call = async (method, path, body, headers = { "x-api-key": KEY }) => {
      const res = await app.request(path, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined
          ? undefined
          : typeof body === "string"
          ? body
          : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    await fn(call, db.sql);
  } finally {
    await db.close();
  }
}
// deno-lint-ignore no-explicit-any
type Json = any;
type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Json }>;

const keyword = { name: "Crypto words", detector_type: "keyword", pattern: "airdrop, free tokens" };
const count = async (sql: Sql, table: "rules" | "rule_versions") =>
  (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${sql(table)}`)[0].n;

Deno.test("POST /rules creates a rule with defaults and its first version", async () => {
  await withApp(async (call, sql) => {
    const res = await call("POST", "/rules", keyword);
    assert.equal(res.status, 201);
    assert.equal(res.body.version, 1);
    assert.equal(res.body.mode, "shadow");
    assert.equal(res.body.created_by, "api-key");
    assert.deepEqual(res.body.params, { match: "word" });
    assert.equal(await count(sql, "rule_versions"), 1);
    const got = await call("GET", `/rules/${res.body.id}`);
    assert.equal(got.body.name, "Crypto words");
    const list = await call("GET", "/rules");
    assert.deepEqual(list.body.rules.map((r: { id: string }) => r.id), [res.body.id]);
  });
});

Deno.test("PUT /rules/:id bumps the version and keeps who changed what", async () => {
  await withApp(async (call) => {
    const { body: created } = await call("POST", "/rules", keyword);
    const res = await call("PUT", `/rules/${created.id}`, { weight: 2, mode: "report" });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.equal(res.body.weight, 2);
    assert.equal(res.body.pattern, keyword.pattern);
    const { body } = await call("GET", `/rules/${created.id}/versions`);
    assert.deepEqual(body.versions.map((v: { version: number }) => v.version), [2, 1]);
    assert.deepEqual(body.versions[0].changes, {
      action: "update",
      fields: { weight: { from: 1, to: 2 }, mode: { from: "shadow", to: "report" } },
    });
    assert.equal(body.versions[0].changed_by, "api-key");
    assert.equal(body.versions[1].snapshot.weight, 1);
  });
});

Deno.test("PUT /rules/:id with a stale version is a 409 and changes nothing", async () => {
  await withApp(async (call, sql) => {
    const { body: created } = await call("POST", "/rules", keyword);
    await call("PUT", `/rules/${created.id}`, { weight: 2 });
    const res = await call("PUT", `/rules/${created.id}`, { weight: 3, version: 1 });
    assert.equal(res.status, 409);
    assert.equal((await call("GET", `/rules/${created.id}`)).body.weight, 2);
    assert.equal(await count(sql, "rule_versions"), 2);
  });
});

Deno.test("POST /rules/:id/toggle flips or sets enabled, each time a new version", async () => {
  await withApp(async (call) => {
    const { body: created } = await call("POST", "/rules", keyword);
    assert.equal((await call("POST", `/rules/${created.id}/toggle`)).body.enabled, false);
    const set = await call("POST", `/rules/${created.id}/toggle`, { enabled: true });
    assert.equal(set.body.enabled, true);
    assert.equal(set.body.version, 3);
    const { body } = await call("GET", `/rules/${created.id}/versions`);
    assert.equal(body.versions[0].changes.action, "toggle");
  });
});

Deno.test("DELETE /rules/:id hides the rule, keeps its history and frees its name", async () => {
  await withApp(async (call, sql) => {
    const { body: created } = await call("POST", "/rules", keyword);
    assert.equal((await call("DELETE", `/rules/${created.id}`)).status, 204);
    assert.equal((await call("GET", `/rules/${created.id}`)).status, 404);
    assert.equal((await call("GET", "/rules")).body.rules.length, 0);
    assert.equal((await call("GET", "/rules?include_deleted=true")).body.rules.length, 1);
    const { body } = await call("GET", `/rules/${created.id}/versions`);
    assert.equal(body.versions[0].changes.action, "delete");
    assert.equal((await call("DELETE", `/rules/${created.id}`)).status, 404);
    assert.equal((await call("POST", "/rules", keyword)).status, 201);
    assert.equal(await count(sql, "rules"), 2);
  });
});

Deno.test("rule routes refuse requests without a valid API key (401)", async () => {
  await withApp(async (call, sql) => {
    assert.equal((await call("GET", "/rules", undefined, {})).status, 401);
    assert.equal((await call("POST", "/rules", keyword, { "x-api-key": "wrong" })).status, 401);
    assert.equal(await count(sql, "rules"), 0);
  });
});

Deno.test("malformed JSON is a 400 and leaves no rule behind", async () => {
  await withApp(async (call, sql) => {
    assert.equal((await call("POST", "/rules", "{not json")).status, 400);
    assert.equal(await count(sql, "rules"), 0);
  });
});

Deno.test("a bad rule is a 422 naming each field, and nothing is written", async () => {
  await withApp(async (call, sql) => {
    const res = await call("POST", "/rules", {
      name: "",
      detector_type: "account",
      pattern: "soon",
      params: { check: "max_age_hours" },
      weight: "high",
      category: "violation",
    });
    assert.equal(res.status, 422);
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ["name", "weight"]);
    const res2 = await call("POST", "/rules", {
      name: "x",
      detector_type: "account",
      pattern: "soon",
      params: { check: "max_age_hours" },
      category: "violation",
    });
    const fields2 = res2.body.error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields2, ["instance_rule_ids", "pattern"]);
    assert.equal((await call("POST", "/rules", { ...keyword, detector_type: "nope" })).status, 422);
    assert.equal(await count(sql, "rules"), 0);
    assert.equal(await count(sql, "rule_versions"), 0);
  });
});

Deno.test("an evil regex is refused with the reason; a merely risky one is saved", async () => {
  await withApp(async (call, sql) => {
    const evil = { name: "evil", detector_type: "regex", pattern: "^(a+)+\\1$" };
    const res = await call("POST", "/rules", evil);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].field, "pattern");
    assert.match(res.body.error.details[0].message, /catastrophic/);
    assert.equal(await count(sql, "rules"), 0);
    const risky = await call("POST", "/rules", { ...evil, pattern: "^(a+)+$" });
    assert.equal(risky.status, 201);
    const bad = await call("PUT", `/rules/${risky.body.id}`, { pattern: "^(x+)+\\1$" });
    assert.equal(bad.status, 422);
    assert.equal((await call("GET", `/rules/${risky.body.id}`)).body.pattern, "^(a+)+$");
    assert.equal(await count(sql, "rule_versions"), 1);
  });
});

Deno.test("a name clash is a 409 on create and on rename, with no partial write", async () => {
  await withApp(async (call, sql) => {
    await call("POST", "/rules", keyword);
    assert.equal((await call("POST", "/rules", keyword)).status, 409);
    const { body: other } = await call("POST", "/rules", { ...keyword, name: "Other" });
    assert.equal((await call("PUT", `/rules/${other.id}`, { name: keyword.name })).status, 409);
    assert.equal((await call("GET", `/rules/${other.id}`)).body.name, "Other");
    assert.equal(await count(sql, "rules"), 2);
    assert.equal(await count(sql, "rule_versions"), 2);
  });
});

Deno.test("unknown rule ids are a 404 for every route", async () => {
  await withApp(async (call) => {
    for (const id of ["999", "abc"]) {
      assert.equal((await call("GET", `/rules/${id}`)).status, 404);
      assert.equal((await call("PUT", `/rules/${id}`, { weight: 1 })).status, 404);
      assert.equal((await call("POST", `/rules/${id}/toggle`)).status, 404);
      assert.equal((await call("DELETE", `/rules/${id}`)).status, 404);
      assert.equal((await call("GET", `/rules/${id}/versions`)).status, 404);
    }
  });
});

Deno.test("GET /rules/export output imports back, all rules or none", async () => {
  await withApp(async (call, sql) => {
    await call("POST", "/rules", keyword);
    await call("POST", "/rules", { ...keyword, name: "Second", weight: 0.5 });
    const exported = (await call("GET", "/rules/export")).body;
    assert.equal(exported.length, 2);
    assert.equal((await call("POST", "/rules/import", exported)).status, 409);
    assert.equal(await count(sql, "rules"), 2);
    const renamed = exported.map((r: { name: string }) => ({ ...r, name: `${r.name} copy` }));
    const bad = [...renamed, { name: "Bad", detector_type: "regex" }];
    const res = await call("POST", "/rules/import", bad);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].field, "2.pattern");
    assert.equal(await count(sql, "rules"), 2);
    assert.equal((await call("POST", "/rules/import", renamed)).status, 201);
    assert.equal(await count(sql, "rules"), 4);
    assert.equal(await count(sql, "rule_versions"), 4);
  });
});
