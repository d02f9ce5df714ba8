/**
 * Query parameters as a browser's GET form sends them: fields left empty arrive as "" and mean
 * "no filter"; a date or datetime-local field sends no zone and is read as UTC.
 */
import { z } from "zod";

/** `schema`, or absent when the field was left empty. */
export const blank = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (v === "" ? undefined : v), s.optional());

/** A date (YYYY-MM-DD), a datetime-local value, or an ISO 8601 time; without a zone, UTC. */
export const dateOrTime = z.string().regex(
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/,
  "must be a date (YYYY-MM-DD) or an ISO 8601 time",
).transform((v) => {
  if (v.length === 10) return new Date(`${v}T00:00:00Z`);
  return new Date(/(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : `${v}Z`);
}).refine((d) => !Number.isNaN(d.getTime()), "must be a real date");
