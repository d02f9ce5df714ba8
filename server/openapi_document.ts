/**
 * Builds the OpenAPI 3.1 document from the described routes of the mounted apps (see
 * server/openapi.ts for how a route is described). OAS 3.1's default dialect is JSON Schema
 * 2020-12, so zod's `toJSONSchema` output goes in unchanged: request schemas as they are accepted
 * (`io: "input"`), answers as they are sent (`io: "output"`).
 */
import type { Hono } from "hono";
import { z } from "zod";
import { docOf, ErrorEnvelope, type Reply, type RouteDoc } from "./openapi.ts";
import { SESSION_COOKIE } from "./session.ts";
import type { AppEnv } from "./types.ts";

type Json = Record<string, unknown>;

/** One route as Hono registered it, and its description if it has one. */
export interface MountedRoute {
  method: string;
  path: string;
  doc?: RouteDoc;
}

/**
 * The routes of the apps, one entry per method and path (middleware mounted with `use` left
 * out); the description of any of a path's handlers describes it.
 */
export function mountedRoutes(apps: Hono<AppEnv>[]): MountedRoute[] {
  const byKey = new Map<string, MountedRoute>();
  for (const app of apps) {
    for (const r of app.routes) {
      if (r.method === "ALL") continue;
      const key = `${r.method} ${r.path}`;
      const entry = byKey.get(key) ?? { method: r.method, path: r.path };
      entry.doc ??= docOf(r.handler);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

/** `/rules/:id{[0-9]+}` → `/rules/{id}`, with the parameters' names and patterns. */
export function openApiPath(path: string): { path: string; params: [string, string?][] } {
  const params: [string, string?][] = [];
  const out = path.replace(/:([A-Za-z0-9_]+)(\{((?:[^{}]|\{[^{}]*\})+)\})?/g, (_, name, _b, re) => {
    params.push([name, re]);
    return `{${name}}`;
  });
  return { path: out, params };
}

function schema(s: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(s, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as Json;
  return tidy(rest) as Json;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Leaves out what only repeats another keyword, for a readable reference: the bounds zod gives
 * every integer (±2^53-1) and the regex it writes beside a `format` it names.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === "minimum" && v === -SAFE) || (k === "maximum" && v === SAFE)) continue;
    if (k === "pattern" && typeof v === "string" && typeof (node as Json).format === "string") {
      continue;
    }
    out[k] = tidy(v);
  }
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted: the work goes on in the background",
  204: "Done; no body",
  303: "Redirect to a page",
  400: "Bad parameter or body that is not JSON",
  401: "No valid API key or session",
  403: "Forbidden (for a session: missing or invalid CSRF token)",
  404: "Not found",
  409: "Conflict with the current state",
  413: "Body too large",
  422: "Body of the wrong shape; details name each field",
  429: "Too many failed attempts from this address; see Retry-After",
  500: "Internal error",
  502: "Mastodon did not answer as expected",
  503: "Unavailable",
};

const ERROR_REF = { $ref: "#/components/schemas/Error" };

function reply(status: number, r: z.ZodType | Reply, page: boolean): Json {
  const given: Reply = r instanceof z.ZodType ? { description: STATUS_TEXT[status], schema: r } : r;
  const content: Json = {};
  const types = [given.type ?? (given.schema ? "application/json" : [])].flat();
  for (const t of types) {
    content[t] = given.schema ? { schema: schema(given.schema, "output") } : {};
  }
  if (page && status < 300) content["text/html"] = { schema: { type: "string" } };
  const out: Json = { description: given.description ?? STATUS_TEXT[status] ?? String(status) };
  if (Object.keys(content).length) out.content = content;
  return out;
}

function errorStatuses(d: RouteDoc, hasParams: boolean, method: string): number[] {
  const s = new Set(d.errors ?? []);
  if (hasParams || d.query) s.add(400);
  if (d.body) [400, 413, 422].forEach((n) => s.add(n));
  if ((d.auth ?? "key") === "key") [401, 429].forEach((n) => s.add(n));
  // A session's state-changing request without its CSRF token.
  if ((d.auth ?? "key") === "key" && method !== "get") s.add(403);
  if (d.auth === "signature") s.add(401);
  s.add(500);
  return [...s].sort((a, b) => a - b);
}

function parameters(d: RouteDoc, pathParams: [string, string?][]): Json[] {
  const out: Json[] = [];
  for (const [name, pattern] of pathParams) {
    const given = d.params?.[name];
    const s = given ? schema(given, "input") : { type: "string", ...(pattern ? { pattern } : {}) };
    out.push(param(name, "path", true, s));
  }
  if (d.query) {
    const q = schema(d.query, "input") as { properties?: Json; required?: string[] };
    for (const [name, s] of Object.entries(q.properties ?? {})) {
      out.push(param(name, "query", q.required?.includes(name) ?? false, s as Json));
    }
  }
  for (const [name, h] of Object.entries(d.headers ?? {})) {
    const p = param(name, "header", h.required ?? false, schema(h.schema, "input"));
    if (h.description) p.description = h.description;
    out.push(p);
  }
  return out;
}

function param(name: string, where: string, required: boolean, s: Json): Json {
  const { description, ...rest } = s;
  return {
    name,
    in: where,
    required,
    ...(description ? { description } : {}),
    schema: rest,
  };
}

const KEY_SECURITY = [{ apiKey: [] }, { bearer: [] }, { session: [] }];

function operation(method: string, path: string, d: RouteDoc, pathParams: [string, string?][]) {
  const responses: Json = {};
  for (const [status, r] of Object.entries(d.responses)) {
    responses[status] = reply(Number(status), r, d.page ?? false);
  }
  for (const status of errorStatuses(d, pathParams.length > 0, method)) {
    responses[String(status)] ??= {
      description: STATUS_TEXT[status] ?? String(status),
      content: { "application/json": { schema: ERROR_REF } },
    };
  }
  const op: Json = {
    operationId: `${method}${
      path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => c ? c.toUpperCase() : "")
    }`,
    summary: d.summary,
    ...(d.description ? { description: d.description } : {}),
    tags: d.tags,
    security: (d.auth ?? "key") === "key" ? KEY_SECURITY : [],
    responses,
  };
  const params = parameters(d, pathParams);
  if (params.length) op.parameters = params;
  if (d.body || d.bodyTypes) {
    const content: Json = d.body ? { "application/json": { schema: schema(d.body, "input") } } : {};
    for (const t of d.bodyTypes ?? []) content[t] = { schema: { type: "object" } };
    op.requestBody = { required: d.bodyRequired ?? Boolean(d.body), content };
  }
  return op;
}

/** What the document says about the service itself. */
export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** The OpenAPI 3.1 document of the described routes among `apps`. */
export function openApiDocument(apps: Hono<AppEnv>[], info: ApiInfo): Json {
  const paths: Record<string, Json> = {};
  const tags = new Set<string>();
  for (const r of mountedRoutes(apps)) {
    if (!r.doc) continue;
    const { path, params } = openApiPath(r.path);
    const method = r.method.toLowerCase();
    const item = paths[path] ??= {};
    if (item[method]) throw new Error(`Two descriptions of ${r.method} ${path}`);
    item[method] = operation(method, path, r.doc, params);
    r.doc.tags.forEach((t) => tags.add(t));
  }
  return {
    openapi: "3.1.0",
    info,
    tags: [...tags].sort().map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: { Error: schema(ErrorEnvelope, "output") },
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "API_KEY" },
        bearer: { type: "http", scheme: "bearer", description: "API_KEY as a bearer token" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "A moderator's session from /admin/login; state-changing requests " +
            "also need its CSRF token (X-CSRF-Token header or a csrf form field)",
        },
      },
    },
  };
}
