/**
 * Metric labels taken from a request, each mapped into a fixed set so that no client can add
 * series: the method (the standard ones, else `other`), the route (the matched template, else
 * `unmatched`) and the status (the exact code for the codes the service answers, else its class
 * `1xx`…`5xx`, and `other` outside 100–599).
 */
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

const METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);

// What our handlers, Hono and the error handler answer; anything else is reported by class.
const STATUSES: ReadonlySet<number> = new Set([
  200,
  201,
  202,
  204,
  301,
  302,
  303,
  304,
  307,
  308,
  400,
  401,
  403,
  404,
  405,
  409,
  413,
  415,
  422,
  429,
  500,
  502,
  503,
  504,
]);

/** The request method as a label: one of the standard methods, else `other`. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "other";
}

/** The template of the route that matched (not a middleware's), else `unmatched`. */
export function routeLabel(c: Context): string {
  // Middleware is registered for every method ("ALL"); a route names the method it serves.
  const route = matchedRoutes(c).findLast((r) => r.method !== "ALL");
  return route?.path ?? "unmatched";
}

/** The status as a label: the exact code when it is one we answer, else its class. */
export function statusLabel(status: number): string {
  if (STATUSES.has(status)) return String(status);
  if (Number.isInteger(status) && status >= 100 && status <= 599) {
    return `${Math.floor(status / 100)}xx`;
  }
  return "other";
}
