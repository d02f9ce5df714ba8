/** Server rendering of pages, and the start-up check of the footer credit. */
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import { CREDIT_URL } from "./footer.tsx";
import { Layout } from "./layout.tsx";

/** Renders a page to an HTML document. */
// deno-lint-ignore no-explicit-any
export function renderPage(page: VNode<any>): string {
  return "<!DOCTYPE html>" + renderToString(page);
}

/** Throws unless a rendered page carries the footer credit link; the app will not start without it. */
export function assertFooterCredit(
  html: string = renderPage(h(Layout, { title: "check" })),
): void {
  const link = `<a href="${CREDIT_URL}"`;
  if (!html.includes(link) || !html.includes("Made for goingdark.social")) {
    throw new Error(
      `The footer credit linking to ${CREDIT_URL} ("Made for goingdark.social") is missing; ` +
        "it is part of the licence and MastoWatch refuses to start without it.",
    );
  }
}
