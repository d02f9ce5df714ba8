/** GET /metrics in Prometheus text format. */
import { Hono } from "hono";
import type { Metrics } from "../server/metrics.ts";
import type { AppEnv } from "../server/types.ts";

/** The metrics route. */
export function metricsRoutes(metrics: Metrics) {
  const app = new Hono<AppEnv>();
  app.get("/metrics", async (c) => {
    c.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return c.body(await metrics.render());
  });
  return app;
}
