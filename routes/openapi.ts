/**
 * GET /openapi.json (the OpenAPI 3.1 description of this service, made from the routes' own
 * schemas), GET /docs/api (a browsable reference: Swagger UI, served from our origin) and its
 * assets under /docs/api/assets/. All public, as the description holds nothing secret and an
 * operator with only an API key has no session to open a page with.
 */
import { Hono } from "hono";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { h } from "preact";
import { z } from "zod";
import getSwaggerUiDir from "swagger-ui-dist/absolute-path.js";
import { ApiReferencePage } from "../components/api_reference.tsx";
import type { SessionReader } from "../server/auth.ts";
import { HttpError } from "../server/errors.ts";
import { page } from "../server/negotiate.ts";
import { describe } from "../server/openapi.ts";
import { type ApiInfo, openApiDocument } from "../server/openapi_document.ts";
import type { AppEnv } from "../server/types.ts";

const SPEC = "/openapi.json";
const dist = (file: string) => pathToFileURL(join(getSwaggerUiDir(), file));
const ASSET_FILES: Record<string, [URL, string]> = {
  "swagger-ui-bundle.js": [dist("swagger-ui-bundle.js"), "text/javascript"],
  "swagger-ui.css": [dist("swagger-ui.css"), "text/css"],
  "api_reference.js": [new URL("../static/api_reference.js", import.meta.url), "text/javascript"],
};

const Document = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

const spec = describe({
  tags: ["meta"],
  summary: "This description (OpenAPI 3.1)",
  auth: "none",
  responses: { 200: Document },
});

const reference = describe({
  tags: ["meta"],
  summary: "The browsable API reference (a page)",
  description: "With a moderator's session the page's calls carry its CSRF token; otherwise " +
    "authorise them with the API key.",
  auth: "none",
  responses: { 200: { description: "The page", type: "text/html" } },
});

const asset = describe({
  tags: ["meta"],
  summary: "A script or stylesheet of the reference page",
  auth: "none",
  params: { file: z.enum(Object.keys(ASSET_FILES) as [string, ...string[]]) },
  responses: { 200: { description: "The file", type: ["text/javascript", "text/css"] } },
  errors: [404],
});

/**
 * The routes; `described` yields every mounted app (this one among them), read on the first
 * request, when all are built.
 */
export function openApiRoutes(deps: {
  /** The moderator's session of a request, if the login is configured. */
  session?: SessionReader;
  described: () => Hono<AppEnv>[];
  info: ApiInfo;
}) {
  const app = new Hono<AppEnv>();
  let doc: string | undefined;
  app.get(SPEC, spec, (c) => {
    doc ??= JSON.stringify(openApiDocument(deps.described(), deps.info));
    c.header("Content-Type", "application/json; charset=utf-8");
    c.header("Cache-Control", "no-cache");
    return c.body(doc);
  });
  app.get("/docs/api", reference, async (c) => {
    // A session that cannot be confirmed just sees the page as anyone does.
    const live = await deps.session?.(c).catch(() => undefined);
    const viewer = live ? { actor: `@${live.moderator.acct}`, csrf: live.csrf } : {};
    return page(c, () => h(ApiReferencePage, { ...viewer, spec: SPEC }));
  });
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  app.get(`/docs/api/assets/:file`, asset, async (c) => {
    const name = asset.param(c, "file");
    const known = ASSET_FILES[name];
    let body = files.get(name);
    if (!body) {
      body = await Deno.readFile(known[0]).catch(() => {
        throw new HttpError(404, `Asset ${name} is not installed; run deno install`);
      });
      files.set(name, body);
    }
    c.header("Content-Type", `${known[1]}; charset=utf-8`);
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(body);
  });
  return app;
}
