import assert from "node:assert/strict";
import { readSse, type SseEvent, streamingBase } from "./sse.ts";

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(encoder.encode(chunk));
      c.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>, max?: number): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of readSse(stream, max)) out.push(e);
  return out;
}

Deno.test("readSse() reads Mastodon's events across chunk boundaries and reports heartbeats", async () => {
  const status = JSON.stringify({ id: "1", content: "<p>a\\nb</p>" });
  const events = await all(body([
    ":)\n",
    "event: upd",
    `ate\ndata: ${status.slice(0, 10)}`,
    `${status.slice(10)}\n\n:thump\n`,
    "event: delete\r\ndata: 42\r\n\r\n",
  ]));
  assert.deepEqual(events, [
    { heartbeat: true },
    { event: "update", data: status },
    { heartbeat: true },
    { event: "delete", data: "42" },
  ]);
});

Deno.test("readSse() ends with an error on an event larger than its bound", async () => {
  await assert.rejects(all(body(["event: update\ndata: ", "x".repeat(5_000)]), 1_000), /larger/);
});

Deno.test("streamingBase() turns the announced ws(s) origin into http(s), else uses the instance", () => {
  assert.equal(
    streamingBase("https://social.example", "wss://streaming.social.example"),
    "https://streaming.social.example",
  );
  assert.equal(
    streamingBase("http://127.0.0.1:3000", "ws://127.0.0.1:3000/"),
    "http://127.0.0.1:3000",
  );
  assert.equal(streamingBase("https://social.example/", null), "https://social.example");
});

Deno.test("readSse() ends when its signal aborts while it waits for the next event", async () => {
  const never = new ReadableStream<Uint8Array>({ start() {} });
  const abort = new AbortController();
  const reading = all2(never, abort.signal);
  setTimeout(() => abort.abort(), 20);
  assert.deepEqual(await reading, []);
});

async function all2(stream: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of readSse(stream, undefined, signal)) out.push(e);
  return out;
}
