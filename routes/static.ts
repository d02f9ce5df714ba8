/** GET /static/build/:file — the islands' browser bundles made by `deno task build`. */
import { Hono } from "hono";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";

const BUILD = new URL("../static/build/", import.meta.url);
const NAME = /^[A-Za-z0-9_-]+\.js$/;

/** Serves the island bundles; a missing bundle is a 404 and the page still works unhydrated. */
export function staticRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/static/build/:file", async (c) => {
    const file = c.req.param("file");
    if (!NAME.test(file)) throw new HttpError(404, "No such file");
    let body: Uint8Array;
    try {
      body = await Deno.readFile(new URL(file, BUILD));
    } catch {
      throw new HttpError(404, `No bundle ${file}; run deno task build`);
    }
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    return c.body(body as Uint8Array<ArrayBuffer>);
  });
  return app;
}
