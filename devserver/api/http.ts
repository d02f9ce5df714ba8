/** HTTP helpers shared by the development server's routes: JSON answers, errors, paging, bodies. */
import type { Context } from "hono";
import { compareIds } from "../random.ts";
import type { Json } from "../entities.ts";

/** Mastodon's JSON content type, exactly as it sends it. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** An error that knows its Mastodon answer: status and `{"error": message}`. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The common Mastodon errors. */
export const errors = {
  recordNotFound: () => new ApiError(404, "Record not found"),
  notFound: () => new ApiError(404, "Not Found"),
  invalidToken: () => new ApiError(401, "The access token is invalid"),
  outsideScopes: () => new ApiError(403, "This action is outside the authorized scopes"),
  notAllowed: () => new ApiError(403, "This action is not allowed"),
  validation: (message: string) => new ApiError(422, `Validation failed: ${message}`),
};

/** A JSON answer with Mastodon's content type. */
export function json(c: Context, body: unknown, status = 200): Response {
  c.header("Content-Type", JSON_TYPE);
  c.header("Cache-Control", "private, no-store");
  c.header("Vary", "Authorization, Origin");
  return c.body(JSON.stringify(body), status as 200);
}

/** Parses a form-encoded or JSON request body into a flat record; `x[]` keys become arrays. */
export async function readParams(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  if (text.trim() === "") return {};
  if (type.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(400, "Error while parsing request body: invalid JSON");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ApiError(400, "Request body must be a JSON object");
    }
    return parsed as Record<string, unknown>;
  }
  return formParams(new URLSearchParams(text));
}

/** Query or form parameters as a record, collecting `name[]` repeats into arrays. */
export function formParams(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key.endsWith("[]")) {
      const name = key.slice(0, -2);
      const list = Array.isArray(out[name]) ? out[name] as string[] : [];
      list.push(value);
      out[name] = list;
    } else out[key] = value;
  }
  return out;
}

/** A parameter as a list of strings (accepts a single value or an array). */
export function listParam(value: unknown): string[] {
  if (value === undefined || value === null || value === "") return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Mastodon's (Rails') reading of a boolean parameter. */
export function boolParam(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return ["1", "true", "t", "on", "yes"].includes(String(value ?? "").toLowerCase());
}

/** Cursor parameters of a paged list. */
export interface PageParams {
  maxId?: string;
  minId?: string;
  sinceId?: string;
  limit: number;
}

/** Reads max_id/min_id/since_id/limit, clamping limit to [1, max]. */
export function pageParams(query: URLSearchParams, defaultLimit: number, max: number): PageParams {
  const raw = Number(query.get("limit") ?? defaultLimit);
  const limit = Number.isFinite(raw) && raw > 0 ? Math.min(Math.floor(raw), max) : defaultLimit;
  return {
    maxId: query.get("max_id") || undefined,
    minId: query.get("min_id") || undefined,
    sinceId: query.get("since_id") || undefined,
    limit,
  };
}

/**
 * One page of records, newest first, with Mastodon's cursor semantics: max_id gives the page
 * below an id, since_id the newest page above it, min_id the page immediately above it.
 */
export function paginate<T>(records: T[], idOf: (r: T) => string, p: PageParams): T[] {
  let list = [...records].sort((a, b) => compareIds(idOf(b), idOf(a)));
  if (p.maxId) list = list.filter((r) => compareIds(idOf(r), p.maxId!) < 0);
  if (p.sinceId) list = list.filter((r) => compareIds(idOf(r), p.sinceId!) > 0);
  if (p.minId) {
    const above = list.filter((r) => compareIds(idOf(r), p.minId!) > 0);
    return above.slice(Math.max(0, above.length - p.limit));
  }
  return list.slice(0, p.limit);
}

/**
 * Mastodon's Link header: `next` (max_id = last id) when the page is full, `prev`
 * (min_id = first id) when it is not empty; other query parameters kept, sorted by name.
 */
export function linkHeader(url: URL, page: Json[], limit: number): string | null {
  const parts: string[] = [];
  const make = (key: string, id: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of url.searchParams) {
      if (!["max_id", "min_id", "since_id"].includes(k)) params.append(k, v);
    }
    params.append(key, id);
    params.sort();
    return `${url.origin}${url.pathname}?${params.toString()}`;
  };
  if (page.length >= limit && page.length > 0) {
    parts.push(`<${make("max_id", page[page.length - 1].id)}>; rel="next"`);
  }
  if (page.length > 0) parts.push(`<${make("min_id", page[0].id)}>; rel="prev"`);
  return parts.length ? parts.join(", ") : null;
}

/** Sets the Link header for a page when there is one. */
export function setLink(c: Context, page: Json[], limit: number) {
  const link = linkHeader(new URL(c.req.url), page, limit);
  if (link) c.header("Link", link);
}
