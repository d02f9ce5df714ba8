import assert from "node:assert/strict";
import { createApp } from "../server/app.ts";
import { Metrics } from "../server/metrics.ts";
import { healthRoutes } from "./health.ts";

function app(up: boolean) {
  const checks = [
    { name: "kv", check: () => Promise.resolve() },
    { name: "postgres", check: () => up ? Promise.resolve() : Promise.reject(new Error("down")) },
  ];
  return createApp({ metrics: new Metrics(), maxBodyBytes: 1024, routes: [healthRoutes(checks)] });
}

Deno.test("/healthz answers 200 with each check's status and latency when all pass", async () => {
  const res = await app(true).request("/healthz");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "ok");
  assert.equal(body.checks.postgres.ok, true);
  assert.equal(typeof body.checks.postgres.latency_ms, "number");
});

Deno.test("/healthz answers 503 naming the failing check", async () => {
  const res = await app(false).request("/healthz");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(body.checks.postgres.ok, false);
  assert.equal(body.checks.postgres.error, "down");
  assert.equal(body.checks.kv.ok, true);
});

Deno.test("/livez answers 200 whatever the dependencies", async () => {
  assert.equal((await app(false).request("/livez")).status, 200);
});
