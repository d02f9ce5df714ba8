/** Loads the recorded real Mastodon exchanges (VCR cassettes) from ../shared/fixtures. */
import { parse } from "yaml";
import { z } from "zod";

/** Folder of the recorded Mastodon 4.6.4 exchanges, beside the checkout. */
export const CASSETTE_DIR = new URL("../../../shared/fixtures/mastodon-4.6.4/", import.meta.url);

/** Path of the community OpenAPI description of Mastodon's API. */
export const OPENAPI_SCHEMA = new URL(
  "../../../shared/fixtures/mastodon-openapi/schema.json",
  import.meta.url,
);

const headerValues = z.record(z.string(), z.array(z.string()));

const interactionSchema = z.object({
  request: z.object({
    method: z.string(),
    uri: z.string(),
    body: z.string().nullable().optional(),
    headers: headerValues.optional().default({}),
  }),
  response: z.object({
    status: z.object({ code: z.number() }),
    headers: headerValues.optional().default({}),
    body: z.object({ string: z.string() }),
  }),
});

const cassetteSchema = z.object({ interactions: z.array(interactionSchema) });

/** One recorded request/response pair, with the response body parsed when it is JSON. */
export interface Exchange {
  file: string;
  index: number;
  method: string;
  url: URL;
  requestBody: string | null;
  requestHeaders: Record<string, string>;
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  body: unknown;
}

function flatten(headers: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) out[name.toLowerCase()] = values.join(", ");
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads every cassette file and returns its exchanges in recorded order. */
export async function loadExchanges(dir: URL = CASSETTE_DIR): Promise<Exchange[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".yaml")) names.push(entry.name);
  }
  names.sort();
  const out: Exchange[] = [];
  for (const file of names) {
    const cassette = cassetteSchema.parse(parse(await Deno.readTextFile(new URL(file, dir))));
    cassette.interactions.forEach((it, index) => {
      out.push({
        file,
        index,
        method: it.request.method.toUpperCase(),
        url: new URL(it.request.uri),
        requestBody: it.request.body ?? null,
        requestHeaders: flatten(it.request.headers),
        status: it.response.status.code,
        headers: flatten(it.response.headers),
        bodyText: it.response.body.string,
        body: parseJson(it.response.body.string),
      });
    });
  }
  return out;
}

/** The JSON type name of a value, distinguishing null and arrays. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Lists where `actual` lacks a field of `expected` or holds it with another JSON type,
 * recursively. Nulls in `expected` accept any type (a nullable field); empty arrays in
 * `expected` say nothing about their items.
 */
export function shapeDifferences(expected: unknown, actual: unknown, path = "$"): string[] {
  const want = jsonType(expected);
  const got = jsonType(actual);
  if (want === "null") return [];
  if (got === "null") return [];
  if (want !== got) return [`${path}: expected ${want}, got ${got}`];
  if (want === "array") {
    const exp = expected as unknown[];
    const act = actual as unknown[];
    if (exp.length === 0 || act.length === 0) return [];
    return shapeDifferences(exp[0], act[0], `${path}[0]`);
  }
  if (want !== "object") return [];
  const exp = expected as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  const diffs: string[] = [];
  for (const key of Object.keys(exp)) {
    if (!(key in act)) diffs.push(`${path}.${key}: missing`);
    else diffs.push(...shapeDifferences(exp[key], act[key], `${path}.${key}`));
  }
  return diffs;
}
