/** Structured JSON logs (LogTape), one line per event. */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  configure,
  getConsoleSink,
  getLogger,
  type LogLevel,
  type LogRecord,
} from "@logtape/logtape";

// Property names whose values are never written, whatever logs them.
const SECRET_KEYS = /token|secret|password|authorization|api_?key|cookie/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.test(k) && typeof v === "string" ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

/** Formats a record as one JSON line with its properties (secrets redacted). */
export function jsonLine(record: LogRecord): string {
  const message = record.message.map((m) => (typeof m === "string" ? m : JSON.stringify(m)))
    .join("");
  const props = redact(record.properties) as Record<string, unknown>;
  return JSON.stringify({
    time: new Date(record.timestamp).toISOString(),
    level: record.level,
    logger: record.category.join("."),
    message,
    ...props,
  }) + "\n";
}

/** Sets up logging for the process; `sink` defaults to the console. */
export async function setupLogging(
  level: LogLevel,
  sink: (r: LogRecord) => void = getConsoleSink({ formatter: jsonLine }),
): Promise<void> {
  await configure({
    reset: true,
    sinks: { out: sink },
    // Carries the request or run id onto every line logged while it is handled.
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      { category: ["mastowatch"], lowestLevel: level, sinks: ["out"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["out"] },
    ],
  });
}

/** The logger of one part of the service. */
export function logger(...category: string[]) {
  return getLogger(["mastowatch", ...category]);
}
