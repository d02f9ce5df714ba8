/**
 * Route descriptions for the OpenAPI 3.1 document at /openapi.json, made from the same zod
 * schemas the routes validate with. A description is a middleware placed before the handler,
 * so the method and path come from the route itself and cannot drift from it.
 *
 * ## How to describe a route
 *
 * ```ts
 * const Query = z.object({ days: intParam(1, 365).default(30).describe("days back, 1 to 365") });
 * const Answer = z.object({ days: z.number().int(), points: z.array(Point) });
 * const timeline = describe({
 *   tags: ["analytics"],
 *   summary: "Analyses and reports per UTC day",
 *   query: Query,             // validated by timeline.query(c): a bad one is a 400 naming it
 *   responses: { 200: Answer },
 * });
 * app.get("/analytics/timeline", timeline, async (c) => {
 *   const { days } = timeline.query(c);
 *   ...
 * });
 * ```
 *
 * - `query` (a z.object of parameters), `params` (one schema per path parameter), `body` (the
 *   JSON body): read them in the handler with `d.query(c)`, `d.param(c, "id")`, `await d.json(c)`,
 *   so the schema described is the schema that validates. A route with its own parsing (e.g. a
 *   batch or a form) still passes the schema it parses with.
 * - `responses`: status → zod schema of the JSON answer (what `c.json` sends: dates as ISO
 *   strings, so use `timestamp`), or `{ description, schema?, type? }` for other media types
 *   (`type: "text/html"`) or an empty answer (`{ description: "Deleted" }` for a 204).
 * - `errors`: the error statuses the handler itself throws (404, 409, 503...). The error envelope
 *   of server/errors.ts is added for them and for what the edge answers anyway: 400 for bad
 *   parameters, 400/413/422 for a body, 401/429 (and 403 for a session without its CSRF token)
 *   behind auth, 500 always.
 * - `auth`: "key" (the default: API key as X-API-Key or Bearer, or a moderator's session cookie;
 *   mount `auth` yourself as before), "none", or "signature" (Mastodon's webhook signature).
 * - `page: true` when a browser asking for text/html gets a page instead of the JSON.
 *
 * routes/openapi_test.ts fails for any mounted route without a description (the few left out,
 * such as static files, are listed there with a reason) and for any described operation that no
 * call in routes/openapi_calls.ts answers with success: add one there for a new route. Every
 * answer must have a described status, media type and (for JSON) body, and every route behind
 * `auth` must refuse a request without a key with the error envelope.
 */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { readJson, readParam, readQuery } from "./validate.ts";
import type { AppEnv } from "./types.ts";

/** An answer that is not (only) JSON, or has no body. */
export interface Reply {
  description: string;
  schema?: z.ZodType;
  /** Media type(s) of the body; application/json by default. */
  type?: string | string[];
}

/** Who may call a route. */
export type RouteAuth = "key" | "none" | "signature";

/** What one route takes and answers. */
export interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  auth?: RouteAuth;
  query?: z.ZodObject;
  params?: Record<string, z.ZodType>;
  body?: z.ZodType;
  /** False when an empty body is allowed (e.g. a toggle that flips without one). */
  bodyRequired?: boolean;
  /** Media types the body may also come as (e.g. a UI form), besides JSON. */
  bodyTypes?: string[];
  /** Headers the route reads, by name, each with its schema and whether it is required. */
  headers?: Record<string, { schema: z.ZodType; required?: boolean; description?: string }>;
  responses: Record<number, z.ZodType | Reply>;
  errors?: number[];
  page?: boolean;
}

const DOC = Symbol.for("mastowatch.openapi");

type Infer<S> = S extends z.ZodType ? z.infer<S> : never;

/** A route's description: a pass-through middleware that also validates with its schemas. */
export type Described<D extends RouteDoc> = MiddlewareHandler<AppEnv> & {
  readonly [DOC]: D;
  /** The query string, validated with `query` (400 naming a bad parameter). */
  query(c: Context): Infer<D["query"]>;
  /** One path parameter, validated with `params[name]` (400 naming it). */
  param<K extends keyof NonNullable<D["params"]> & string>(
    c: Context,
    name: K,
  ): Infer<NonNullable<D["params"]>[K]>;
  /** The JSON body, validated with `body` (400 for no JSON, 422 naming bad fields). */
  json(c: Context): Promise<Infer<D["body"]>>;
};

/** Describes a route; place the result before the handler: `app.get(path, d, handler)`. */
export function describe<const D extends RouteDoc>(doc: D): Described<D> {
  const pass: MiddlewareHandler<AppEnv> = (_c, next) => next();
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`Route "${doc.summary}" describes no ${what}`);
    return value;
  };
  return Object.assign(pass, {
    [DOC]: doc,
    query: (c: Context) => readQuery(c, need(doc.query, "query")),
    param: (c: Context, name: string) =>
      readParam(c, name, need(doc.params?.[name], `path parameter ${name}`)),
    json: (c: Context) => readJson(c, need(doc.body, "body")),
  }) as unknown as Described<D>;
}

/** The description a handler carries, if it is one. */
export function docOf(handler: unknown): RouteDoc | undefined {
  return (handler as { [DOC]?: RouteDoc } | undefined)?.[DOC];
}

/** The error envelope every error answer has (server/errors.ts). */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.string().describe("a stable code: bad_request, not_found, csrf, ..."),
    message: z.string().describe("what was wrong, for a person"),
    request_id: z.string().describe("the X-Request-Id of the answer, for the logs"),
    details: z.unknown().optional().describe("e.g. [{field, message}] for each bad field"),
  }),
}).meta({ title: "Error" });

/** A time as the API writes it (a JSON-encoded Date). */
export const timestamp = z.iso.datetime({ offset: true });
