/**
 * The HTTP application: security headers, request ids, metrics, body limits, JSON errors, then
 * the routes.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { errorBody, HttpError } from "./errors.ts";
import { logger } from "./log.ts";
import type { Metrics } from "./metrics.ts";
import { requestId } from "./request_id.ts";
import { formRedirect } from "./form_redirect.ts";
import { wantsHtml } from "./auth.ts";
import { methodLabel, routeLabel, statusLabel } from "./http_labels.ts";
import { errorPage } from "../components/error_page.tsx";
import type { AppEnv } from "./types.ts";

const log = logger("http");

/** What the application is built from. */
export interface AppOptions {
  metrics: Metrics;
  maxBodyBytes: number;
  routes: Hono<AppEnv>[];
  generateId?: () => string;
}

function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof HTTPException) {
    return new HttpError(err.status, err.message || "Request refused");
  }
  return undefined;
}

/**
 * Every answer's security headers. Scripts only from our origin (islands are bundles served
 * here; their props travel in data attributes), no framing, no inline styles, forms post here.
 */
export const SECURITY_HEADERS = secureHeaders({
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

function answer(c: Context<AppEnv>, err: HttpError, id: string) {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  if (wantsHtml(c)) {
    return c.html(errorPage(err, id, { actor: c.get("actor"), csrf: c.get("csrf") }), err.status);
  }
  return c.json(errorBody(err, id), err.status);
}

/** Builds the service's Hono app. */
export function createApp(opts: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(SECURITY_HEADERS);
  app.use(requestId(opts.generateId));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // Labels from the request come from fixed sets, so clients cannot add series.
    const route = { method: methodLabel(c.req.method), route: routeLabel(c) };
    const labels = { ...route, status: statusLabel(c.res.status) };
    opts.metrics.inc("http_requests_total", "HTTP requests answered", labels);
    opts.metrics.observe("http_request_duration_seconds", "HTTP request latency", route, seconds);
    log.info("{method} {path} {status} in {ms} ms", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(seconds * 1000),
    });
  });
  app.use(bodyLimit({
    maxSize: opts.maxBodyBytes,
    onError: () => {
      throw new HttpError(413, `Request body exceeds ${opts.maxBodyBytes} bytes`);
    },
  }));
  app.use(formRedirect());
  for (const r of opts.routes) app.route("/", r);
  app.notFound((c) => {
    return answer(
      c,
      new HttpError(404, `No route for ${c.req.method} ${c.req.path}`),
      c.get("requestId"),
    );
  });
  app.onError((err, c) => {
    const known = toHttpError(err);
    const id = c.get("requestId") ?? "unknown";
    if (known) {
      if (known.status >= 500) log.error("Request failed: {message}", { message: known.message });
      return answer(c, known, id);
    }
    log.error("Unhandled error on {method} {path}: {error}", {
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return answer(c, new HttpError(500, "Internal error"), id);
  });
  return app;
}
