/**
 * The HTTP application: the edge (request ids, body limits, security headers, metrics, the
 * access log), the routes, then JSON errors and error pages.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorBody, HttpError } from "./errors.ts";
import { logger } from "./log.ts";
import type { Metrics } from "./metrics.ts";
import { wantsHtml } from "./auth.ts";
import { edge } from "./edge.ts";
import type { AccessLog } from "./access_log.ts";
import { errorPage } from "../components/error_page.tsx";
import type { AppEnv } from "./types.ts";

const log = logger("http");

/** What the application is built from. */
export interface AppOptions {
  metrics: Metrics;
  maxBodyBytes: number;
  routes: Hono<AppEnv>[];
  generateId?: () => string;
  accessLog?: AccessLog;
  /** Milliseconds before a request is answered 503 (the edge's default when unset). */
  deadlineMs?: number;
}

function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof HTTPException) {
    return new HttpError(err.status, err.message || "Request refused");
  }
  return undefined;
}

function answer(c: Context<AppEnv>, err: HttpError, id: string) {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  if (wantsHtml(c)) {
    return c.html(errorPage(err, id, { actor: c.get("actor"), csrf: c.get("csrf") }), err.status);
  }
  return c.json(errorBody(err, id), err.status);
}

/** Answers an error: its own status and message when known, a bare 500 otherwise. */
function onError(err: Error, c: Context<AppEnv>) {
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
}

/** Builds the service's Hono app. */
export function createApp(opts: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(edge({ ...opts, onError }));
  for (const r of opts.routes) app.route("/", r);
  app.notFound((c) => {
    return answer(
      c,
      new HttpError(404, `No route for ${c.req.method} ${c.req.path}`),
      c.get("requestId"),
    );
  });
  app.onError(onError);
  return app;
}
