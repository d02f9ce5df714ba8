import assert from "node:assert/strict";
import { readSse, type SseEvent } from "../../mastodon/sse.ts";
import { createDevServer } from "../app.ts";
import { auth } from "../test_helpers.ts";

/** Reads events from a stream until `count` have arrived (heartbeats included). */
async function take(body: ReadableStream<Uint8Array>, count: number): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of readSse(body)) {
    out.push(e);
    if (out.length >= count) break;
  }
  return out;
}

Deno.test("public:remote streams remote public statuses as update events, local ones not", async () => {
  const server = createDevServer({ streamHeartbeatMs: 60_000 });
  try {
    server.tick(0);
    const res = await server.app.request("/api/v1/streaming/public/remote", { headers: auth() });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reading = take(res.body!, 6);
    server.tick(60 * 60_000);
    const events = await reading;
    assert.deepEqual(events[0], { heartbeat: true }, "the :) greeting");
    const updates = events.slice(1) as { event: string; data: string }[];
    assert.ok(updates.every((e) => e.event === "update"));
    for (const e of updates) {
      const status = JSON.parse(e.data);
      assert.ok(status.account.acct.includes("@"), `${status.account.acct} is remote`);
      assert.equal(status.visibility, "public");
      assert.equal(server.state.statuses.get(status.id)?.json.id, status.id, "a stored status");
    }
  } finally {
    server.close();
  }
});

Deno.test("the streaming API wants a token, and keeps an idle connection alive with :thump", async () => {
  const server = createDevServer({ streamHeartbeatMs: 20 });
  try {
    const refused = await server.app.request("/api/v1/streaming/public/remote");
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    const res = await server.app.request("/api/v1/streaming/public/remote", { headers: auth() });
    const events = await take(res.body!, 3);
    assert.deepEqual(events, [{ heartbeat: true }, { heartbeat: true }, { heartbeat: true }]);
    assert.equal(server.dev.streams.size, 0, "the subscriber is gone once the client left");
  } finally {
    server.close();
  }
});
