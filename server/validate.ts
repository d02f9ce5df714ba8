/**
 * Parsing at the edge: malformed JSON is a 400, JSON of the wrong shape a 422 with field messages;
 * a bad query or path parameter is a 400 that names it, before it reaches a query or a KV key.
 */
import type { Context } from "hono";
import { z } from "zod";
import { HttpError } from "./errors.ts";

/** One field-level problem: where (dotted path) and what. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Turns zod issues into field messages. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    field: i.path.map(String).join(".") || "(body)",
    message: i.message,
  }));
}

/** Validates a value with `schema`, throwing a 422 that lists every bad field. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = "body",
): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(422, `Invalid ${what}`, fieldIssues(r.error));
  return r.data;
}

/** Reads the request body as JSON and validates it. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await c.req.text();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, "Could not read the request body");
  }
  if (text.trim() === "") throw new HttpError(400, "Request body is empty; JSON expected");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
  return validate(schema, value);
}

/** Validates the query string; a bad parameter is a 400 naming it (all of them in details). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const r = schema.safeParse(c.req.query());
  if (r.success) return r.data;
  // A parameter's own issues have paths inside it (none for strings): name the parameter.
  throw badParameters("query", fieldIssues(r.error).map((i) => ({ ...i, field: top(i.field) })));
}

/** Validates one path parameter; a bad one is a 400 naming it. */
export function readParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.infer<S> {
  const r = schema.safeParse(c.req.param(name));
  if (r.success) return r.data;
  throw badParameters("path", r.error.issues.map((i) => ({ field: name, message: i.message })));
}

function top(field: string): string {
  return field.split(".")[0];
}

function badParameters(where: string, issues: FieldIssue[]): HttpError {
  const first = issues[0];
  return new HttpError(400, `Invalid ${where} parameter ${first.field}: ${first.message}`, issues);
}

// Postgres refuses NUL in text and control characters are never meant: both are input errors.
const CONTROL = /\p{Cc}/u;

/** A parameter of free text: 1 to `max` characters, no control characters. */
export function textParam(max = 200) {
  return z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), "must not contain control characters");
}

/** An id as Mastodon and MastoWatch make them (letters, digits, _ and -), at most 64. */
export const idParam = z.string().regex(
  /^[A-Za-z0-9_-]{1,64}$/,
  "must be an id: 1 to 64 letters, digits, _ or -",
);

/** A whole number in decimal between `min` and `max`. */
export function intParam(min: number, max: number) {
  return z.string().regex(/^-?\d{1,15}$/, "must be a whole number").transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** A decimal number between `min` and `max`. */
export function numberParam(min: number, max: number) {
  return z.string().regex(/^-?\d{1,15}(\.\d{1,15})?$/, "must be a number").transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** `true` or `false`, as a boolean. */
export const boolParam = z.enum(["true", "false"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true");
