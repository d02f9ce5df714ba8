import assert from "node:assert/strict";
import type { LogRecord } from "@logtape/logtape";
import { Hono } from "hono";
import { AccessLog } from "./access_log.ts";
import { createApp } from "./app.ts";
import { jsonLine, setupLogging } from "./log.ts";
import { Metrics } from "./metrics.ts";
import type { AppEnv } from "./types.ts";

async function collect() {
  const lines: Record<string, unknown>[] = [];
  await setupLogging("info", (r: LogRecord) => lines.push(JSON.parse(jsonLine(r))));
  return lines;
}

const answered = (status: number) => ({
  method: "POST",
  path: "/webhooks/mastodon",
  status,
  ms: 1,
  request_id: crypto.randomUUID(),
});

Deno.test("AccessLog writes a line per request up to its limit a second, then sums up the rest", async () => {
  const lines = await collect();
  let now = Date.parse("2026-12-01T08:00:00.100Z");
  const access = new AccessLog(3, () => now);
  for (let i = 0; i < 10; i++) access.write(answered(i < 8 ? 202 : 200));
  assert.equal(lines.length, 3, "three lines one by one, the rest held as counts");
  assert.ok(lines.every((l) => l.message === "POST /webhooks/mastodon 202 in 1 ms"));
  now += 1_000;
  access.write(answered(202));
  const summary = lines[3];
  assert.equal(summary.count, 7);
  assert.deepEqual(summary.statuses, { "200": 2, "202": 5 });
  assert.equal(summary.since, "2026-12-01T08:00:00.000Z");
  assert.equal(lines[4].message, "POST /webhooks/mastodon 202 in 1 ms", "a new second logs again");
  access.flush();
  assert.equal(lines.length, 5, "nothing held, nothing more written");
});

Deno.test("AccessLog always writes server errors one by one", async () => {
  const lines = await collect();
  const access = new AccessLog(1, () => 0);
  access.write(answered(202));
  access.write(answered(202));
  access.write(answered(503));
  access.write(answered(500));
  assert.deepEqual(lines.map((l) => l.status), [202, 503, 500]);
  access.flush();
  assert.equal(lines[3].count, 1);
});

Deno.test("AccessLog writes its summary within a second when requests stop", async () => {
  const lines = await collect();
  // One second of the clock throughout: only the timer can write the summary.
  const access = new AccessLog(1, () => 0);
  access.write(answered(202));
  access.write(answered(202));
  const deadline = Date.now() + 5_000;
  while (lines.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(lines[1]?.count, 1);
});

Deno.test("the app counts every request in metrics while the access log sums up a burst", async () => {
  const lines = await collect();
  let now = 5_000;
  const routes = new Hono<AppEnv>();
  routes.get("/ok", (c) => c.json({ ok: true }));
  const metrics = new Metrics();
  const app = createApp({
    metrics,
    maxBodyBytes: 1024,
    routes: [routes],
    accessLog: new AccessLog(2, () => now),
  });
  for (let i = 0; i < 5; i++) {
    await (await app.request("/ok", { headers: { "x-request-id": `burst-${i}` } })).body?.cancel();
  }
  now += 1_000;
  await (await app.request("/ok", { headers: { "x-request-id": "next-second" } })).body?.cancel();
  assert.deepEqual(
    lines.map((l) => l.request_id ?? `summary of ${l.count}`),
    ["burst-0", "burst-1", "summary of 3", "next-second"],
    "the summary, written while the next request is answered, carries no request id",
  );
  assert.equal(
    metrics.counter("http_requests_total", { method: "GET", route: "/ok", status: "200" }),
    6,
  );
});
