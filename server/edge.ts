/**
 * What every request passes through before its route and after it, as one middleware: its id
 * (on the log context and the answer), the body limit, the redirect of a submitted form, the
 * security headers, metrics and the access log. One layer rather than one per concern: under a
 * burst of webhooks each layer of async dispatch costs about as much as the work done in it.
 */
import type { ErrorHandler, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { withContext } from "@logtape/logtape";
import { AccessLog } from "./access_log.ts";
import { HttpError } from "./errors.ts";
import { redirectSubmittedForm } from "./form_redirect.ts";
import { methodLabel, routeLabel, statusLabel } from "./http_labels.ts";
import type { Metrics } from "./metrics.ts";
import { requestIdFor } from "./request_id.ts";
import type { AppEnv } from "./types.ts";
import { within } from "./within.ts";

/**
 * A page's security headers. Scripts only from our origin (islands are bundles served here;
 * their props travel in data attributes), no framing, no inline styles, forms post here.
 */
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  referrerPolicy: "same-origin",
  xContentTypeOptions: true,
});

/**
 * Every other answer's (JSON, bundles, metrics, redirects): what applies to a resource that is
 * not a page. Opened as a document it may load and run nothing; it cannot be framed, sniffed as
 * another type or read by another origin. The page-only headers (opener and agent-cluster
 * isolation, DNS prefetch, legacy download, cross-domain and XSS-filter switches) are left out:
 * half as many headers to write on each answer of a webhook burst.
 */
const answerHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: "same-origin",
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  xFrameOptions: "DENY",
  referrerPolicy: "same-origin",
  xContentTypeOptions: true,
});

const nothing = () => Promise.resolve();

/**
 * How long a request may take before it is answered 503. No route needs as long (backtests and
 * rescans are jobs, polled; the largest dry-run batch has 40 s before its own 422); one that takes
 * it waits on something that will not answer, such as a query postgres.js lost with its
 * connection while PostgreSQL restarted (porsager/postgres#1193). The client gets an answer it
 * can retry; the route, left to end when it may, answers nobody.
 */
export const REQUEST_DEADLINE_MS = 60_000;

/** What the edge is built from. */
export interface EdgeOptions {
  metrics: Metrics;
  maxBodyBytes: number;
  /** Answers an error the edge itself raised (a body over the limit), as the app's handler. */
  onError: ErrorHandler<AppEnv>;
  generateId?: () => string;
  accessLog?: AccessLog;
  /** Milliseconds before a request is answered 503 (default REQUEST_DEADLINE_MS). */
  deadlineMs?: number;
}

/** The middleware every request passes through first. */
export function edge(opts: EdgeOptions): MiddlewareHandler<AppEnv> {
  const { metrics, onError } = opts;
  const access = opts.accessLog ?? new AccessLog();
  const tooLarge = () => {
    throw new HttpError(413, `Request body exceeds ${opts.maxBodyBytes} bytes`);
  };
  const counted = bodyLimit({ maxSize: opts.maxBodyBytes, onError: tooLarge });
  /**
   * The body limit. A declared length (the HTTP server holds the body to it) is checked without
   * opening the body: opening it makes every later read go through a stream, which costs a
   * webhook about as much as checking its signature. A body without one is counted as it is read.
   */
  const limit: MiddlewareHandler<AppEnv> = (c, next) => {
    const headers = c.req.raw.headers;
    const declared = headers.get("content-length");
    if (declared === null || headers.has("transfer-encoding")) return counted(c, next);
    return parseInt(declared, 10) > opts.maxBodyBytes ? tooLarge() : next();
  };
  const deadlineMs = opts.deadlineMs ?? REQUEST_DEADLINE_MS;
  const overdue = () =>
    new HttpError(
      503,
      `No answer within ${deadlineMs / 1000} s: a dependency is slow or not answering`,
      undefined,
      "timeout",
      { "Retry-After": "5" },
    );
  return async (c, next) => {
    const started = performance.now();
    const id = requestIdFor(c.req.header("x-request-id"), opts.generateId);
    c.set("requestId", id);
    await withContext({ request_id: id }, async () => {
      try {
        await within(deadlineMs, limit(c, next), overdue);
      } catch (err) {
        c.res = await onError(err as Error, c);
      }
    });
    redirectSubmittedForm(c);
    // Hono's own middleware, called here once the answer is known rather than mounted: each
    // mounted layer costs a dispatch, and which set applies depends on what is answered.
    const page = c.res.headers.get("content-type")?.startsWith("text/html") ?? false;
    await (page ? pageHeaders : answerHeaders)(c, nothing);
    c.res.headers.set("X-Request-Id", id);
    const seconds = (performance.now() - started) / 1000;
    // Labels from the request come from fixed sets, so clients cannot add series.
    const route = { method: methodLabel(c.req.method), route: routeLabel(c) };
    metrics.inc("http_requests_total", "HTTP requests answered", {
      ...route,
      status: statusLabel(c.res.status),
    });
    metrics.observe("http_request_duration_seconds", "HTTP request latency", route, seconds);
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
