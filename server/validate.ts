/** Parsing at the edge: malformed JSON is a 400, JSON of the wrong shape a 422 with field messages. */
import type { Context } from "hono";
import type { z } from "zod";
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

/** Validates the query string. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return validate(schema, c.req.query(), "query");
}
