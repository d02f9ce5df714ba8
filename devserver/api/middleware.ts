/** The middleware in front of every route: token lookup, and for /api/ rate limits, faults, stats. */
import type { MiddlewareHandler } from "hono";
import { matchedRoutes, routePath } from "hono/route";
import { getLogger } from "@logtape/logtape";
import type { Dev } from "../context.ts";
import { bearer, type Env } from "./auth.ts";
import { faultMiddleware } from "./fault_middleware.ts";
import { json } from "./http.ts";
import { isPaged } from "./budgets.ts";

/** Looks up the bearer token; counts, limits and perturbs /api/ requests as configured. */
export function requestMiddleware(dev: Dev, beforeEach: () => void): MiddlewareHandler<Env> {
  const log = getLogger(["mastowatch", "devserver"]);
  return async (c, next) => {
    const path = c.req.path;
    beforeEach();
    const raw = bearer(c.req.raw);
    const token = raw ? dev.state.credentials.token(raw) ?? null : null;
    c.set("token", token);
    c.set("sentToken", raw !== null);
    if (!path.startsWith("/api/")) return await next();
    const tokenName = token?.name ?? (raw ? "invalid" : "anonymous");
    const requestId = crypto.randomUUID();
    const started = performance.now();
    // Mastodon's streaming server is a process of its own, outside the API's rate limits.
    const limit = path.startsWith("/api/v1/streaming")
      ? { headers: {}, exceeded: false }
      : dev.limiter.hit(
        raw ?? "anonymous",
        token?.accountId,
        isPaged(new URL(c.req.url)),
        tokenName,
      );
    try {
      if (limit.exceeded) {
        c.res = json(c, { error: "Too many requests" }, 429);
        return;
      }
      await faultMiddleware(dev, c, next);
    } finally {
      // After the handler ran, routePath names the route that answered.
      const handled = routePath(c);
      const template = (handled !== "*"
        ? handled
        : matchedRoutes(c).find((r) =>
          r.path !== "*"
        )?.path ?? "(unmatched)").replace(/(.)\/$/, "$1");
      for (const [k, v] of Object.entries(limit.headers)) {
        c.res.headers.set(k, v);
      }
      c.res.headers.set("X-Request-Id", requestId);
      dev.stats.request(c.req.method, template, tokenName, c.res.status);
      // The token's name only: the token itself never reaches a log line.
      log.debug("{method} {route} {status} for {token} in {ms} ms", {
        requestId,
        method: c.req.method,
        route: template,
        status: c.res.status,
        token: tokenName,
        ms: Math.round(performance.now() - started),
      });
    }
  };
}
