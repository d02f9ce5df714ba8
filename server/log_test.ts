import assert from "node:assert/strict";
import type { LogRecord } from "@logtape/logtape";
import { Hono } from "hono";
import { createApp } from "./app.ts";
import { bufferedSink, jsonLine, logger, setupLogging } from "./log.ts";
import { Metrics } from "./metrics.ts";
import type { AppEnv } from "./types.ts";

Deno.test("every line logged while a request is handled carries its request id", async () => {
  const lines: Record<string, unknown>[] = [];
  await setupLogging("debug", (r: LogRecord) => lines.push(JSON.parse(jsonLine(r))));
  const routes = new Hono<AppEnv>();
  routes.get("/work", async (c) => {
    logger("test").info("step one");
    await new Promise((r) => setTimeout(r, 5));
    logger("test").info("step two after an await");
    return c.json({ ok: true });
  });
  const app = createApp({ metrics: new Metrics(), maxBodyBytes: 1024, routes: [routes] });
  const res = await app.request("/work", { headers: { "x-request-id": "req-42" } });
  await res.body?.cancel();
  const mine = lines.filter((l) => String(l.message).startsWith("step"));
  assert.equal(mine.length, 2);
  assert.ok(mine.every((l) => l.request_id === "req-42"));
  const access = lines.find((l) => String(l.message).startsWith("GET /work 200"));
  assert.equal(access?.request_id, "req-42");
});

Deno.test("secrets logged as properties are redacted, other values kept", async () => {
  const lines: Record<string, unknown>[] = [];
  await setupLogging("info", (r: LogRecord) => lines.push(JSON.parse(jsonLine(r))));
  logger("test").info("calling {host}", {
    host: "social.example",
    token: "sekret-token-value",
    headers: { Authorization: "Bearer sekret-token-value", accept: "json" },
    secretsSet: { apiKey: true },
  });
  const text = JSON.stringify(lines);
  assert.ok(!text.includes("sekret-token-value"));
  assert.equal(lines[0].host, "social.example");
  assert.deepEqual(lines[0].headers, { Authorization: "[redacted]", accept: "json" });
  assert.deepEqual(lines[0].secretsSet, { apiKey: true });
});

Deno.test("bufferedSink() writes lines together, at once for errors, and all on flush()", async () => {
  const writes: string[] = [];
  const sink = bufferedSink((b) => void writes.push(new TextDecoder().decode(b)));
  await setupLogging("info", sink);
  const log = logger("test");
  log.info("one");
  log.info("two");
  assert.equal(writes.length, 0, "held, not written per line");
  log.error("three");
  assert.equal(writes.length, 1, "an error writes what is held at once");
  assert.deepEqual(writes[0].trim().split("\n").map((l) => JSON.parse(l).message), [
    "one",
    "two",
    "three",
  ]);
  log.info("four");
  sink.flush();
  assert.equal(JSON.parse(writes[1]).message, "four");
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(writes.length, 2, "nothing left to write later");
});
