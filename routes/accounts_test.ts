import assert from "node:assert/strict";
import { recordScore, upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import type { Sql } from "../db/connect.ts";
import { insertReport } from "../db/reports.ts";
import { createRule } from "../db/rules.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { RuleInputSchema } from "../rules/schema.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { saveContext } from "../workflows/run_context.ts";
import type { Run } from "../workflows/types.ts";
import { accountRoutes } from "./accounts.tsx";

const html = { headers: { accept: "text/html" } };
const run = (id: string): Run => ({
  id: `run-of-${id}`,
  accountId: id,
  trigger: "poll",
  statusIds: [],
  state: "done",
  attempt: 0,
  createdAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-01T09:00:05.000Z",
});

async function setup() {
  const db = await testDatabase();
  const admin = sampleAdminAccount("4242");
  admin.account.display_name = `<script>alert("x")</script> Totally Staff`;
  await upsertAccount(db.sql, admin);
  const { call } = testApp([accountRoutes({
    sql: db.sql,
    auth: testAuth,
    runsFor: (id) => Promise.resolve([run(id)]),
    instanceBase: "https://social.example",
  })]);
  return { db, call };
}

async function seen(sql: Sql, id: string, opts: { domain?: string; score?: number; at: string }) {
  const a = sampleAdminAccount(id, { domain: opts.domain ?? null });
  a.account.acct = opts.domain ? `${a.username}@${opts.domain}` : a.username;
  await upsertAccount(sql, a, new Date(opts.at));
  if (opts.score !== undefined) await recordScore(sql, id, opts.score, new Date(opts.at));
}

Deno.test("GET /accounts/:id answers the account with its analyses, reports and runs", async () => {
  const { db, call } = await setup();
  try {
    const body = await (await call("/accounts/4242")).json();
    assert.equal(body.account.id, "4242");
    assert.equal(body.latest_analysis, null);
    assert.deepEqual(body.reports, []);
    assert.deepEqual(body.runs.map((r: Run) => r.id), ["run-of-4242"]);
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

Deno.test("the account page shows a <script> display name as text, with the footer credit", async () => {
  const { db, call } = await setup();
  try {
    const page = await (await call("/accounts/4242", html)).text();
    assert.ok(!page.includes(`<script>alert("x")</script>`));
    assert.ok(page.includes("&lt;script>") || page.includes("&lt;script&gt;"));
    assert.ok(page.includes(`href="https://goingdark.social"`));
  } finally {
    await db.close();
  }
});

Deno.test("GET /accounts lists highest score first, unscored last, and pages without repeats", async () => {
  const db = await testDatabase();
  try {
    await seen(db.sql, "1", { score: 0.5, at: "2026-12-01T09:00:00Z" });
    await seen(db.sql, "2", { score: 3, at: "2026-12-01T08:00:00Z" });
    await seen(db.sql, "3", { at: "2026-12-01T10:00:00Z" });
    await seen(db.sql, "4", { score: 3, at: "2026-12-01T07:00:00Z" });
    await seen(db.sql, "5", { score: 1.5, at: "2026-12-01T06:00:00Z" });
    const { call } = testApp([
      accountRoutes({ sql: db.sql, auth: testAuth, runsFor: () => Promise.resolve([]) }),
    ]);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; next_cursor: string | null; sort: string } =
        await (await call(`/accounts?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).json();
      assert.equal(page.sort, "score");
      ids.push(...page.items.map((a) => a.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(ids, ["4", "2", "5", "1", "3"]);
    const bySeen = await (await call("/accounts?sort=last_seen")).json();
    assert.deepEqual(bySeen.items.map((a: { id: string }) => a.id), ["3", "1", "2", "4", "5"]);
    assert.match(await (await call("/accounts", html)).text(), /Sorted by highest score first/);
  } finally {
    await db.close();
  }
});

Deno.test("the account filters narrow by score, reported, origin, domain and seen since", async () => {
  const db = await testDatabase();
  try {
    await seen(db.sql, "1", { score: 4, domain: "spam.example", at: "2026-12-01T09:00:00Z" });
    await seen(db.sql, "2", { score: 0.2, at: "2026-11-20T09:00:00Z" });
    await seen(db.sql, "3", { score: 2, domain: "ok.example", at: "2026-12-01T09:00:00Z" });
    await insertReport(db.sql, {
      accountId: "1",
      runId: "r1",
      mastodonReportId: "77",
      statusIds: [],
      category: "spam",
      instanceRuleIds: [],
      comment: "",
      forwarded: false,
      domain: "spam.example",
    });
    const { call } = testApp([
      accountRoutes({ sql: db.sql, auth: testAuth, runsFor: () => Promise.resolve([]) }),
    ]);
    const ids = async (q: string) =>
      (await (await call(`/accounts?${q}`)).json()).items.map((a: { id: string }) => a.id);
    assert.deepEqual(await ids("min_score=1"), ["1", "3"]);
    assert.deepEqual(await ids("max_score=1"), ["2"]);
    assert.deepEqual(await ids("reported=true"), ["1"]);
    assert.deepEqual(await ids("reported=false"), ["3", "2"]);
    assert.deepEqual(await ids("origin=local"), ["2"]);
    assert.deepEqual(await ids("origin=remote"), ["1", "3"]);
    assert.deepEqual(await ids("domain=Spam.Example"), ["1"]);
    assert.deepEqual(await ids("since=2026-11-30"), ["1", "3"]);
    assert.deepEqual(await ids("min_score=&reported=&origin="), ["1", "3", "2"], "empty fields");
  } finally {
    await db.close();
  }
});

Deno.test("GET /accounts refuses a bad limit, cursor, domain, score, origin or date with a 400", async () => {
  const { db, call } = await setup();
  try {
    const bad = [
      "limit=-1",
      "limit=1.5",
      "cursor=%00",
      "domain=%00",
      "min_score=high",
      "origin=mars",
      "since=yesterday",
      "sort=random",
    ];
    for (const q of bad) {
      const res = await call(`/accounts?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal((await res.json()).error.details[0].field, q.split("=")[0], q);
    }
  } finally {
    await db.close();
  }
});

Deno.test("an account page marks the match, shows alt text and links to Mastodon's admin", async () => {
  const { db, call } = await setup();
  try {
    const rule = await createRule(
      db.sql,
      RuleInputSchema.parse({ name: "crypto", detector_type: "keyword", pattern: "free coins" }),
      "test",
    );
    await saveContext(db.sql, "run-1", "4242", {
      account: sampleAdminAccount("4242").account,
      recentStatuses: [{
        id: "900",
        created_at: "2026-12-01T09:00:00.000Z",
        content: "<p>Get free coins now</p>",
        media_attachments: [
          { id: "m1", type: "image", url: "https://x.example/a.png", description: "a coin" },
          { id: "m2", type: "image", url: "javascript:alert(1)", description: null },
        ],
      }],
      now: Date.parse("2026-12-01T09:00:00Z"),
    });
    await insertAnalysis(db.sql, {
      accountId: "4242",
      runId: "run-1",
      score: 1,
      shadowScore: 1,
      statusIds: ["900"],
      ruleVersions: { crypto: 1 },
      hits: [{
        rule: {
          id: rule.id,
          name: "crypto",
          version: 1,
          mode: "report",
          category: "spam",
          instance_rule_ids: [],
        },
        weight: 1,
        evidence: [{ status_id: "900", field: "content", text: "get free coins now" }],
      }],
    });
    await insertReport(db.sql, {
      accountId: "4242",
      runId: "run-1",
      mastodonReportId: "55",
      statusIds: ["900"],
      category: "spam",
      instanceRuleIds: [],
      comment: "",
      forwarded: false,
      domain: null,
    });
    const page = await (await call("/accounts/4242", html)).text();
    assert.match(page, /get <mark>free coins<\/mark> now/);
    assert.match(page, /href="#status-900"/);
    assert.match(page, /id="status-900"/);
    assert.match(page, /alt text: a coin/);
    assert.match(page, /no alt text/);
    assert.ok(!page.includes("javascript:"), "a hostile media URL is not linked");
    assert.match(page, /href="https:\/\/social\.example\/admin\/accounts\/4242"/);
    assert.match(page, /href="https:\/\/social\.example\/admin\/reports\/55"/);
    assert.match(page, /<table class="runs">[\s\S]*run-of-4242/);
  } finally {
    await db.close();
  }
});
