import assert from "node:assert/strict";
import { FakeMastodon } from "../mastodon/fake.ts";
import type { Status } from "../mastodon/schemas.ts";
import { followRemoteStream, type StreamGap } from "./streaming.ts";

async function until(ok: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function remoteStatus(m: FakeMastodon): Status {
  const a = m.addAccount({ username: "visitor", domain: "far.example" });
  return m.addStatus(a.id, { content: "<p>hello from afar</p>" });
}

const fast = { sleep: () => new Promise<void>((r) => setTimeout(r, 1)) };

Deno.test("followRemoteStream() hands every streamed status over, and skips what is not one", async () => {
  const m = new FakeMastodon();
  const seen: string[] = [];
  const stream = followRemoteStream({
    mastodon: m,
    onStatus: (s) => Promise.resolve(void seen.push(s.id)),
    ...fast,
  });
  try {
    await until(() => m.streams.size === 1, "connected");
    const status = remoteStatus(m);
    m.streamEvent("update", { not: "a status" });
    m.streamEvent("delete", "123");
    m.streamEvent("update", status);
    await until(() => seen.length === 1, "the status is handed over");
    assert.deepEqual(seen, [status.id]);
    assert.equal(stream.state().connected, true);
  } finally {
    await stream.stop();
  }
});

Deno.test("followRemoteStream() reconnects after the server drops it and reports the gap", async () => {
  const m = new FakeMastodon();
  const gaps: StreamGap[] = [];
  const seen: string[] = [];
  const stream = followRemoteStream({
    mastodon: m,
    onStatus: (s) => Promise.resolve(void seen.push(s.id)),
    onGap: (g) => void gaps.push(g),
    ...fast,
  });
  try {
    await until(() => m.streams.size === 1, "connected");
    m.streamRefusals = 2;
    m.endStreams();
    await until(() => m.streams.size === 1 && stream.state().connected, "connected again");
    assert.equal(gaps.length, 1);
    assert.ok(gaps[0].to >= gaps[0].from);
    assert.equal(m.calls.filter((c) => c.method === "openStream").length, 4, "two refusals");
    const status = remoteStatus(m);
    m.streamEvent("update", status);
    await until(() => seen.length === 1, "statuses flow again");
  } finally {
    await stream.stop();
  }
});

Deno.test("followRemoteStream() counts a silent connection as dead and opens a new one", async () => {
  const m = new FakeMastodon();
  const stream = followRemoteStream({
    mastodon: m,
    onStatus: () => Promise.resolve(),
    silenceMs: 30,
    ...fast,
  });
  try {
    await until(() => m.calls.filter((c) => c.method === "openStream").length >= 3, "reopened");
  } finally {
    await stream.stop();
  }
});
