/**
 * What every request passes through before its route and after it, as one middleware: its id
 * (on the log context and the answer), the body limit, the redirect of a submitted form, the
 * security headers, metrics and the access log. One layer rather than one per concern: under a
 * burst of webhooks each layer of async dispatch costs about as much as the work done in it.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { withContext } from "@logtape/logtape";
import { AccessLog } from "./access_log.ts";
import { HttpError } from "./errors.ts";
import { redirectSubmittedForm } from "./form_redirect.ts";
import { methodLabel, routeLabel, statusLabel } from "./http_labels.ts";
import type { Metrics } from "./metrics.ts";
import { requestIdFor } from "./request_id.ts";
import type { AppEnv } from "./types.ts";

/**
 * Every answer's security headers. Scripts only from our origin (islands are bundles served
 * here; their props travel in data attributes), no framing, no inline styles, forms post here.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  [
    "Content-Security-Policy",
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  ],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "same-origin"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  ["X-Frame-Options", "DENY"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
];

/** What the edge is built from. */
export interface EdgeOptions {
  metrics: Metrics;
  maxBodyBytes: number;
  /** Answers an error the edge itself raised (a body over the limit), as the app's handler. */
  onError: ErrorHandler<AppEnv>;
  generateId?: () => string;
  accessLog?: AccessLog;
}

type Labels = { method: string; route: string; status?: string };

/** The middleware every request passes through first. */
export function edge(opts: EdgeOptions): MiddlewareHandler<AppEnv> {
  const { metrics, onError } = opts;
  const access = opts.accessLog ?? new AccessLog();
  const limit = bodyLimit({
    maxSize: opts.maxBodyBytes,
    onError: () => {
      throw new HttpError(413, `Request body exceeds ${opts.maxBodyBytes} bytes`);
    },
  });
  // Label sets are few (fixed methods, routes and statuses): each is built once.
  const labelSets = new Map<string, { counter: Labels; histogram: Labels }>();
  const labelsOf = (c: Context) => {
    const method = methodLabel(c.req.method);
    const route = routeLabel(c);
    const status = statusLabel(c.res.status);
    const k = `${method} ${status} ${route}`;
    let set = labelSets.get(k);
    if (!set) {
      set = { counter: { method, route, status }, histogram: { method, route } };
      labelSets.set(k, set);
    }
    return set;
  };
  return async (c, next) => {
    const started = performance.now();
    const id = requestIdFor(c.req.header("x-request-id"), opts.generateId);
    c.set("requestId", id);
    await withContext({ request_id: id }, async () => {
      try {
        await limit(c, next);
      } catch (err) {
        c.res = await onError(err as Error, c);
      }
    });
    redirectSubmittedForm(c);
    const headers = c.res.headers;
    for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
    headers.set("X-Request-Id", id);
    const seconds = (performance.now() - started) / 1000;
    const labels = labelsOf(c);
    metrics.inc("http_requests_total", "HTTP requests answered", labels.counter);
    metrics.observe(
      "http_request_duration_seconds",
      "HTTP request latency",
      labels.histogram,
      seconds,
    );
    // Outside the request's log context: a summary line it writes is about other requests.
    access.write({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(seconds * 1000),
      request_id: id,
    });
  };
}
