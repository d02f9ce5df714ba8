import assert from "node:assert/strict";
import { generatePopulation } from "./population/generate.ts";
import { realtimeBaseTime, startDevServer } from "./main.ts";

Deno.test("startDevServer listens on a free port and entity URLs use that origin", async () => {
  const running = await startDevServer({ port: 0 });
  try {
    const res = await fetch(`${running.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: "Bearer dev-admin-token" },
    });
    assert.equal(res.status, 200);
    const me = await res.json();
    assert.equal(me.url, `${running.url}/@admin`);
    const instance = await (await fetch(`${running.url}/api/v2/instance`)).json();
    assert.equal(instance.domain, new URL(running.url).host);
  } finally {
    await running.shutdown();
  }
});

Deno.test("realtimeBaseTime() keeps every compressed arrival's timestamp in the past", () => {
  const now = Date.parse("2026-11-25T15:00:00Z");
  const speed = 60;
  const baseTime = realtimeBaseTime(now, speed);
  const population = generatePopulation(42, { baseTime });
  for (const account of population.accounts) {
    const arrivesAt = now + account.arrivesAtMs / speed;
    assert.ok(Date.parse(account.admin.created_at) <= arrivesAt + 1000);
    for (const s of account.statuses) {
      const offset = Math.max(account.arrivesAtMs, Date.parse(s.created_at) - baseTime, 0);
      assert.ok(Date.parse(s.created_at) <= now + offset / speed + 1000);
    }
  }
  assert.equal(realtimeBaseTime(now, 1), now);
});
