/**
 * How every route answers: one JSON body for the API, or a page for a browser that asks for
 * HTML. Pages get the viewer (actor and CSRF token) from the context variables auth set.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { VNode } from "preact";
import type { Viewer } from "../components/layout.tsx";
import { renderPage } from "../components/render.ts";
import { wantsHtml } from "./auth.ts";
import type { AppEnv } from "./types.ts";

/** The viewer of a request. */
export function viewerOf(c: Context<AppEnv>): Viewer {
  return { actor: c.get("actor"), csrf: c.get("csrf") };
}

/** A rendered page. */
export function page(
  c: Context<AppEnv>,
  // deno-lint-ignore no-explicit-any
  render: (viewer: Viewer) => VNode<any>,
  status: ContentfulStatusCode = 200,
): Response {
  c.header("Cache-Control", "no-store");
  return c.html(renderPage(render(viewerOf(c))), status);
}

/** JSON for the API, or the page for a browser. */
export function respond<T>(
  c: Context<AppEnv>,
  body: T,
  // deno-lint-ignore no-explicit-any
  render: (viewer: Viewer) => VNode<any>,
  status: ContentfulStatusCode = 200,
): Response {
  if (wantsHtml(c)) return page(c, render, status);
  return c.json(body as object, status);
}
