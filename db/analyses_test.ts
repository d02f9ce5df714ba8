import assert from "node:assert/strict";
import { testDatabase } from "../tests/db.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { upsertAccount } from "./accounts.ts";
import { countAnalysisInputs, insertAnalysis, pageAnalysisInputs } from "./analyses.ts";

Deno.test("insertAnalysis() keeps the engine input with the analysis, and a retry keeps the first", async () => {
  const db = await testDatabase();
  try {
    await upsertAccount(db.sql, sampleAdminAccount("7"));
    const at = new Date("2026-11-01T10:00:00Z");
    const input = {
      account: { id: "7", username: "u", created_at: "2026-10-31T00:00:00Z" },
      recentStatuses: [],
      counters: { texts: { abc: 3 }, links: {}, blurhashes: {}, ips: { "192.0.2.1": 2 } },
      now: at.getTime(),
    };
    const base = {
      accountId: "7",
      score: 1,
      shadowScore: 1,
      hits: [],
      ruleVersions: {},
      statusIds: [],
      at,
    };
    const id = await insertAnalysis(db.sql, { ...base, runId: "r1", input });
    await insertAnalysis(db.sql, { ...base, runId: "r1", input: { ...input, now: 0 } });
    await insertAnalysis(db.sql, { ...base, runId: "r2" });
    const since = new Date(at.getTime() - 1000);
    assert.equal(
      await countAnalysisInputs(db.sql, since),
      1,
      "only analyses given an input have one",
    );
    const page = await pageAnalysisInputs(db.sql, { since, afterId: "0", limit: 10 });
    assert.deepEqual(page.map((p) => [p.analysisId, p.accountId]), [[id, "7"]]);
    assert.deepEqual(page[0].input, input);
    assert.deepEqual(await pageAnalysisInputs(db.sql, { since, afterId: id, limit: 10 }), []);
    const later = new Date(at.getTime() + 1000);
    assert.equal(await countAnalysisInputs(db.sql, later), 0);
    await db.sql`DELETE FROM analyses WHERE id = ${id}`;
    const [left] = await db.sql`SELECT count(*)::int AS n FROM analysis_inputs`;
    assert.equal(left.n, 0, "the input goes with its analysis");
  } finally {
    await db.close();
  }
});
