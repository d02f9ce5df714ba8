import assert from "node:assert/strict";
import { upsertAccount } from "../db/accounts.ts";
import { insertAnalysis } from "../db/analyses.ts";
import type { Sql } from "../db/connect.ts";
import { recordWaveFeatures } from "../db/waves.ts";
import { sampleAdminAccount } from "../mastodon/testing/samples.ts";
import { testApp, testAuth } from "../tests/api.ts";
import { testDatabase } from "../tests/db.ts";
import { type Feature, WAVE_RULE } from "../workflows/waves.ts";
import { wavesRoutes } from "./waves.tsx";

// deno-lint-ignore no-explicit-any
type Json = any;
const T = Date.parse("2026-11-20T12:00:00Z");

async function analysed(sql: Sql, id: string, domain: string | null, features: Feature[]) {
  await upsertAccount(sql, sampleAdminAccount(id, { domain }));
  const analysisId = await insertAnalysis(sql, {
    accountId: id,
    runId: `run-${id}`,
    score: 0,
    shadowScore: 0,
    hits: [],
    ruleVersions: {},
    statusIds: [],
  });
  return await recordWaveFeatures(
    sql,
    { analysisId, accountId: id, features, now: new Date(T) },
    WAVE_RULE,
  );
}

const pitch = (at: number): Feature[] => [
  { kind: "texts", key: "want real followers fast", sample: "want real followers fast", at },
  { kind: "links", key: "boost.example/join", sample: "boost.example/join", at },
];

Deno.test("GET /waves lists a wave with its accounts, shared features, domains and a suggestion", async () => {
  const db = await testDatabase();
  try {
    await analysed(db.sql, "1", "spam.example", pitch(T));
    await analysed(db.sql, "2", "spam.example", pitch(T + 60_000));
    await analysed(db.sql, "3", "other.example", pitch(T + 120_000));
    // Shares one feature only, far outside the window: not in the wave.
    await analysed(db.sql, "4", "fine.example", pitch(T + 86_400_000).slice(0, 1));
    const { call } = testApp([wavesRoutes({ sql: db.sql, auth: testAuth })]);
    const res = await call("/waves");
    assert.equal(res.status, 200);
    const list: Json = await res.json();
    assert.equal(list.length, 1);
    const w = list[0];
    assert.deepEqual(w.accounts.map((a: Json) => a.id), ["1", "2", "3"]);
    assert.equal(w.size, 3);
    assert.deepEqual(w.shared.links, [{ sample: "boost.example/join", accounts: 3 }]);
    assert.deepEqual(w.shared.texts, [{ sample: "want real followers fast", accounts: 3 }]);
    assert.deepEqual(w.domains, [{ domain: "spam.example", accounts: 2 }, {
      domain: "other.example",
      accounts: 1,
    }]);
    assert.equal(w.reports.filed, 0);
    assert.equal(w.first_seen, new Date(T).toISOString());
    assert.equal(w.last_seen, new Date(T + 120_000).toISOString());
    assert.match(w.suggestions[0], /^3 of 3 accounts come from 2 domains/);

    const one = await call(`/waves/${w.id}`);
    assert.equal(one.status, 200);
    assert.equal((await one.json()).id, w.id);
    assert.equal((await call("/waves/999999")).status, 404);
    assert.equal((await call("/waves/abc")).status, 400);
    assert.equal((await call("/waves?limit=0")).status, 400);

    const page = await call(`/waves/${w.id}`, { headers: { accept: "text/html" } });
    const html = await page.text();
    assert.match(html, /Suggested next steps/);
    assert.match(html, /boost\.example\/join/);
  } finally {
    await db.close();
  }
});

Deno.test("two waves that come to share an account merge into the older one", async () => {
  const db = await testDatabase();
  try {
    const other = (at: number): Feature[] => [
      { kind: "links", key: "drainer.example/claim", sample: "drainer.example/claim", at },
      { kind: "blurhashes", key: "LEHV6nWB2yk8", sample: "LEHV6nWB2yk8", at },
    ];
    const a = await analysed(db.sql, "1", null, pitch(T));
    assert.equal(a, undefined, "one account alone is no wave");
    const first = await analysed(db.sql, "2", null, pitch(T));
    await analysed(db.sql, "3", null, other(T));
    const second = await analysed(db.sql, "4", null, other(T));
    assert.ok(first && second && first !== second);
    const merged = await analysed(db.sql, "5", null, [...pitch(T), ...other(T)]);
    assert.equal(merged, first, "the older wave absorbs the newer");
    const { call } = testApp([wavesRoutes({ sql: db.sql, auth: testAuth })]);
    const list: Json = await (await call("/waves")).json();
    assert.equal(list.length, 1);
    assert.deepEqual(list[0].accounts.map((x: Json) => x.id).sort(), ["1", "2", "3", "4", "5"]);
  } finally {
    await db.close();
  }
});
