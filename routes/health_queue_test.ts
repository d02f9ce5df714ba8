import assert from "node:assert/strict";
import { createApp } from "../server/app.ts";
import { Metrics } from "../server/metrics.ts";
import { healthRoutes } from "./health.ts";

Deno.test("/healthz says which queue runs", async () => {
  const checks = [{ name: "kv", check: () => Promise.resolve() }];
  const routes = [healthRoutes(checks, { queue: "postgres" })];
  const res = await createApp({ metrics: new Metrics(), maxBodyBytes: 1024, routes })
    .request("/healthz");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).queue, "postgres");
});
