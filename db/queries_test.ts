import assert from "node:assert/strict";
import { testDatabase } from "../tests/db.ts";
import { upsertAccount } from "./accounts.ts";
import { getAnalysisByRun, insertAnalysis, listAnalysesByAccount } from "./analyses.ts";
import { decodeCursor, insertAudit, listAudit } from "./audit.ts";
import {
  countReportsSince,
  insertReport,
  openReportsForAccount,
  ReportIntegrityError,
} from "./reports.ts";
import { getSettings, listSettings, setSetting } from "./settings.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";

Deno.test("insertAudit() writes one row per run and action", async () => {
  const db = await testDatabase();
  try {
    assert.equal(await insertAudit(db.sql, { action: "reported", runId: "r1" }), true);
    assert.equal(await insertAudit(db.sql, { action: "reported", runId: "r1" }), false);
    assert.equal(await insertAudit(db.sql, { action: "failed", runId: "r1" }), true);
    assert.equal(await insertAudit(db.sql, { action: "setting_changed" }), true);
    assert.equal(await insertAudit(db.sql, { action: "setting_changed" }), true);
    assert.equal((await listAudit(db.sql)).items.length, 4);
  } finally {
    await db.close();
  }
});

Deno.test("listAudit() pages by keyset and filters by account, rule, action and time", async () => {
  const db = await testDatabase();
  try {
    const base = Date.parse("2026-05-01T00:00:00Z");
    for (let i = 0; i < 7; i++) {
      await insertAudit(db.sql, {
        action: i % 2 ? "reported" : "skipped_below_threshold",
        accountId: i < 4 ? "a1" : "a2",
        runId: `r${i}`,
        ruleNames: i === 3 ? ["spam-link"] : [],
        at: new Date(base + (i % 3) * 1000),
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit(db.sql, { limit: 3, cursor });
      seen.push(...page.items.map((r) => r.runId!));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7, "no row twice across pages");
    assert.equal((await listAudit(db.sql, { accountId: "a2" })).items.length, 3);
    assert.deepEqual((await listAudit(db.sql, { rule: "spam-link" })).items.map((r) => r.runId), [
      "r3",
    ]);
    assert.equal((await listAudit(db.sql, { action: "reported" })).items.length, 3);
    const since = new Date(base + 2000);
    assert.equal((await listAudit(db.sql, { since })).items.length, 2);
    assert.throws(() => decodeCursor("not-a-cursor"), RangeError);
  } finally {
    await db.close();
  }
});

Deno.test("setSetting() stores a validated value and audits the change", async () => {
  const db = await testDatabase();
  try {
    assert.deepEqual(await getSettings(db.sql, { dryRun: true }), {
      dryRun: true,
      panicStop: false,
    });
    await setSetting(db.sql, "panic_stop", true, "alice");
    await setSetting(db.sql, "dry_run", false, "bob");
    assert.deepEqual(await getSettings(db.sql, { dryRun: true }), {
      dryRun: false,
      panicStop: true,
    });
    await assert.rejects(setSetting(db.sql, "dry_run", "yes", "eve"), /must be a boolean/);
    const audit = (await listAudit(db.sql, { action: "setting_changed" })).items;
    assert.equal(audit.length, 2);
    assert.deepEqual(audit.find((a) => a.actor === "alice")?.details, {
      key: "panic_stop",
      from: null,
      to: true,
    });
    assert.equal((await listSettings(db.sql)).length, 2);
  } finally {
    await db.close();
  }
});

Deno.test("getSettings() throws on a malformed value instead of assuming off", async () => {
  const db = await testDatabase();
  try {
    await db.sql`INSERT INTO settings (key, value) VALUES ('panic_stop', ${db.sql.json("no")})`;
    await assert.rejects(getSettings(db.sql, { dryRun: false }), /malformed/);
  } finally {
    await db.close();
  }
});

Deno.test("insertAnalysis() and insertReport() store once per run", async () => {
  const db = await testDatabase();
  try {
    await upsertAccount(db.sql, sampleAdminAccount("7", { domain: "remote.example" }));
    const analysis = {
      accountId: "7",
      runId: "r1",
      score: 4,
      shadowScore: 6,
      hits: [],
      ruleVersions: { spam: 2 },
      statusIds: ["1"],
    };
    const id = await insertAnalysis(db.sql, analysis);
    assert.equal(await insertAnalysis(db.sql, { ...analysis, score: 9 }), id);
    assert.equal((await getAnalysisByRun(db.sql, "r1"))?.shadowScore, 6);
    assert.equal((await listAnalysesByAccount(db.sql, "7")).items.length, 1);
    const report = {
      accountId: "7",
      runId: "r1",
      mastodonReportId: "55",
      statusIds: ["1"],
      category: "spam",
      instanceRuleIds: [],
      comment: "c",
      forwarded: true,
      domain: "remote.example",
    };
    const first = await insertReport(db.sql, report);
    assert.equal((await insertReport(db.sql, report)).id, first.id);
    await upsertAccount(db.sql, sampleAdminAccount("8", { domain: "remote.example" }));
    // The same Mastodon id for another run and account, or another id for the same run, is
    // an integrity error, never the stored row handed back.
    await assert.rejects(
      insertReport(db.sql, { ...report, accountId: "8", runId: "r2" }),
      (err: Error) => err instanceof ReportIntegrityError && err.existing.runId === "r1",
    );
    await assert.rejects(
      insertReport(db.sql, { ...report, mastodonReportId: "56" }),
      ReportIntegrityError,
    );
    assert.equal((await openReportsForAccount(db.sql, "8")).length, 0);
    assert.equal((await openReportsForAccount(db.sql, "7")).length, 1);
    const midnight = new Date(Date.UTC(2000, 0, 1));
    assert.equal(await countReportsSince(db.sql, midnight), 1);
    assert.equal(await countReportsSince(db.sql, midnight, "remote.example"), 1);
    assert.equal(await countReportsSince(db.sql, midnight, null), 0);
  } finally {
    await db.close();
  }
});
