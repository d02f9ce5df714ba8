/** GET /metrics in Prometheus text format. */
import { Hono } from "hono";
import type { Metrics } from "../server/metrics.ts";
import { describe } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";

const metricsDoc = describe({
  tags: ["health"],
  summary: "Prometheus metrics",
  auth: "none",
  responses: {
    200: { description: "Metrics in Prometheus text format 0.0.4", type: "text/plain" },
  },
});

/** The metrics route. */
export function metricsRoutes(metrics: Metrics) {
  const app = new Hono<AppEnv>();
  app.get("/metrics", metricsDoc, async (c) => {
    c.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return c.body(await metrics.render());
  });
  return app;
}
