/**
 * GET /static/build/:file — the islands' browser bundles (and uPlot's stylesheet) made by
 * `deno task build` — and GET /static/app.css, the UI's stylesheet. All from our own origin, so
 * the Content-Security-Policy allows nothing else.
 */
import { Hono } from "hono";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";

const STATIC = new URL("../static/", import.meta.url);
const BUILD = new URL("build/", STATIC);
const NAME = /^[A-Za-z0-9_-]+\.(js|css)$/;
const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

/** Serves the bundles and the stylesheet; a missing bundle is a 404 and the page still works. */
export function staticRoutes() {
  const app = new Hono<AppEnv>();
  const serve = (dir: URL, hint: string) => async (c: import("hono").Context<AppEnv>) => {
    const file = c.req.param("file") ?? "";
    if (!NAME.test(file)) throw new HttpError(404, "No such file");
    let body: Uint8Array;
    try {
      body = await Deno.readFile(new URL(file, dir));
    } catch {
      throw new HttpError(404, `No file ${file}${hint}`);
    }
    c.header("Content-Type", TYPES[file.split(".").pop()!]);
    c.header("Cache-Control", "public, max-age=300");
    return c.body(body as Uint8Array<ArrayBuffer>);
  };
  app.get("/static/build/:file", serve(BUILD, "; run deno task build"));
  app.get("/static/:file{[A-Za-z0-9_-]+\\.css}", serve(STATIC, ""));
  return app;
}
