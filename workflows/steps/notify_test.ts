import assert from "node:assert/strict";
import { harness } from "../testing.ts";
import { notify, notifyEvent } from "./notify.ts";
import { upsertAccount } from "../../db/accounts.ts";
import { insertAnalysis } from "../../db/analyses.ts";
import { recordWaveFeatures, waveOfAccount } from "../../db/waves.ts";
import { sampleAdminAccount } from "../../mastodon/testing/samples.ts";
import type { Run } from "../types.ts";
import { WAVE_RULE } from "../waves.ts";

Deno.test("notifyEvent() posts Slack-style JSON to the webhook of the event", async () => {
  const h = await harness();
  try {
    assert.equal(await notifyEvent(h.deps, "report.filed", "hello"), true);
    assert.deepEqual(h.sent, [{ url: "https://hooks.example/filed", body: '{"text":"hello"}' }]);
    assert.equal(await notifyEvent(h.deps, "run.failed", "x"), false, "no webhook configured");
  } finally {
    await h.close();
  }
});

Deno.test("notifyEvent() tries three times, then gives up without throwing", async () => {
  const h = await harness();
  try {
    let tries = 0;
    h.deps.fetch = () => {
      tries++;
      return Promise.reject(new TypeError("connection refused"));
    };
    assert.equal(await notifyEvent(h.deps, "report.filed", "hello"), false);
    assert.equal(tries, 3);
  } finally {
    await h.close();
  }
});

Deno.test("notifyEvent() does not retry a webhook that refuses the request", async () => {
  const h = await harness();
  try {
    let tries = 0;
    h.deps.fetch = () => {
      tries++;
      return Promise.resolve(new Response("no", { status: 404 }));
    };
    assert.equal(await notifyEvent(h.deps, "report.filed", "hello"), false);
    assert.equal(tries, 1);
  } finally {
    await h.close();
  }
});

Deno.test("notify() tells of a spam wave once, not once per account; an account alone is told of itself", async () => {
  const h = await harness();
  try {
    const at = Date.now();
    const features = [
      { kind: "texts" as const, key: "claim your airdrop", sample: "claim your airdrop", at },
      { kind: "links" as const, key: "drainer.example/claim", sample: "drainer.example/claim", at },
    ];
    for (const id of ["w1", "w2", "w3", "solo"]) {
      await upsertAccount(h.deps.sql, sampleAdminAccount(id));
      const analysisId = await insertAnalysis(h.deps.sql, {
        accountId: id,
        runId: `run-${id}`,
        score: 9,
        shadowScore: 9,
        hits: [],
        ruleVersions: {},
        statusIds: [],
      });
      await recordWaveFeatures(h.deps.sql, {
        analysisId,
        accountId: id,
        features: id === "solo" ? [] : features,
        now: new Date(at),
      }, WAVE_RULE);
    }
    const run = (accountId: string): Run => ({
      id: `run-${accountId}`,
      accountId,
      trigger: "poll",
      statusIds: [],
      state: "notify",
      attempt: 0,
      score: 9,
      decision: "reported",
      ruleNames: ["airdrop"],
      createdAt: new Date(at).toISOString(),
      updatedAt: new Date(at).toISOString(),
    });
    const outputs = [];
    for (const id of ["w1", "w2", "w3", "solo"]) outputs.push(await notify(h.deps, run(id)));
    assert.deepEqual(outputs.map((o) => o.notified), [["report.filed"], [], [], ["report.filed"]]);
    assert.equal(h.sent.length, 2);
    const wave = await waveOfAccount(h.deps.sql, "w1");
    assert.match(JSON.parse(h.sent[0].body).text, new RegExp(`spam wave #${wave!.id}: 3 accounts`));
    assert.match(JSON.parse(h.sent[1].body).text, /for account solo/);
  } finally {
    await h.close();
  }
});
