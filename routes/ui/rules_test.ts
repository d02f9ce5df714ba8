import assert from "node:assert/strict";
import { createRule, getRule } from "../../db/rules.ts";
import { installStarterPack } from "../../rules/starter_pack.ts";
import { RuleInputSchema } from "../../rules/schema.ts";
import { testApp, testAuth } from "../../tests/api.ts";
import { testDatabase } from "../../tests/db.ts";
import { rulesRoutes } from "../rules.ts";
import { rulesPages } from "./rules.tsx";

const html = { headers: { accept: "text/html" } };
const form = (body: string) => ({
  method: "POST",
  headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
  body,
});

async function setup() {
  const db = await testDatabase();
  const { call, app } = testApp([
    rulesPages({ sql: db.sql, auth: testAuth, now: () => new Date() }),
    rulesRoutes({ sql: db.sql, auth: testAuth }),
  ]);
  return { db, call, app };
}

Deno.test("GET /rules is a page for a browser and JSON for the API", async () => {
  const { db, call, app } = await setup();
  try {
    await installStarterPack(db.sql);
    const page = await call("/rules", html);
    const text = await page.text();
    assert.match(text, /<h1>Rules<\/h1>/);
    assert.match(text, /Very new account/);
    assert.match(text, /href="\/rules\/new"/);
    const json = await (await call("/rules")).json();
    assert.ok(json.rules.length > 5);
    const editor = await call(`/rules/${json.rules[0].id}`, html);
    assert.match(await editor.text(), /data-island="RuleEditor"/);
    const anonymous = await app.request("/rules", html);
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get("location"), "/login?next=%2Frules");
  } finally {
    await db.close();
  }
});

Deno.test("a rule's page shows its history with the diff, and a revert makes a new version", async () => {
  const { db, call } = await setup();
  try {
    const rule = await createRule(
      db.sql,
      RuleInputSchema.parse({ name: "coins", detector_type: "keyword", pattern: "free coins" }),
      "@mod",
    );
    const put = await call(`/rules/${rule.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pattern: "free coins\ncrypto giveaway" }),
    });
    assert.equal((await put.json()).version, 2);
    const page = await (await call(`/rules/${rule.id}`, html)).text();
    assert.match(page, /<del>free coins<\/del> → <ins>free coins\ncrypto giveaway<\/ins>/);
    assert.match(page, /data-revert="1"/);
    const revert = await call(`/rules/${rule.id}/revert`, form("version=1"));
    assert.equal(revert.status, 303);
    assert.equal(revert.headers.get("location"), `/rules/${rule.id}?saved=3`);
    const now = await getRule(db.sql, rule.id);
    assert.equal(now?.pattern, "free coins");
    assert.equal(now?.version, 3);
    const versions = await (await call(`/rules/${rule.id}/versions`)).json();
    assert.equal(versions.versions[0].changes.action, "revert");
    const missing = await call(`/rules/${rule.id}/revert`, form("version=9"));
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await db.close();
  }
});

Deno.test("deleting a rule from its page goes back to the list, which no longer shows it", async () => {
  const { db, call } = await setup();
  try {
    const rule = await createRule(
      db.sql,
      RuleInputSchema.parse({ name: "to-delete", detector_type: "keyword", pattern: "x" }),
      "@mod",
    );
    const res = await call(`/rules/${rule.id}/delete`, form("confirm=yes"));
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/rules");
    assert.doesNotMatch(await (await call("/rules", html)).text(), /to-delete/);
  } finally {
    await db.close();
  }
});

Deno.test("the new-rule page offers the detectors and each one's checks to the editor", async () => {
  const { db, call } = await setup();
  try {
    const page = await (await call("/rules/new", html)).text();
    const props = JSON.parse(
      page.match(/data-island="RuleEditor" data-props="([^"]*)"/)![1].replaceAll("&quot;", '"'),
    );
    assert.ok(props.options.detectors.includes("regex"));
    assert.ok(props.options.checks.account.includes("max_age_hours"));
    assert.equal(props.rule, undefined);
  } finally {
    await db.close();
  }
});
