/** Request ids: taken from X-Request-Id when sane, else generated; echoed and put on every log line. */
import type { MiddlewareHandler } from "hono";
import { withContext } from "@logtape/logtape";
import type { AppEnv } from "./types.ts";

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Middleware giving each request an id, in its log context and response header. */
export function requestId(
  generate: () => string = () => crypto.randomUUID(),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const id = given && SANE.test(given) ? given : generate();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await withContext({ request_id: id }, next);
  };
}
