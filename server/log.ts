/** Structured JSON logs (LogTape), one line per event. */
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getLogger, type LogLevel, type LogRecord } from "@logtape/logtape";

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

/** A sink that can write out what it holds. */
export type FlushableSink = ((r: LogRecord) => void) & { flush(): void };

const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;
const URGENT: ReadonlySet<string> = new Set(["error", "fatal"]);

/**
 * Collects formatted lines and writes them in one call every few milliseconds: a write per line
 * is a system call per request, which costs more than the request under a burst of webhooks.
 * Errors are written at once, and `flush()` writes what is held (at shutdown).
 */
export function bufferedSink(
  write: (bytes: Uint8Array) => void = (b) => writeAll(b),
  format: (r: LogRecord) => string = jsonLine,
): FlushableSink {
  const encoder = new TextEncoder();
  let held: string[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (held.length === 0) return;
    const text = held.join("");
    held = [];
    size = 0;
    write(encoder.encode(text));
  };
  const sink = (record: LogRecord) => {
    const line = format(record);
    held.push(line);
    size += line.length;
    if (URGENT.has(record.level) || size >= FLUSH_BYTES) return flush();
    // Unref'd: a pending flush never keeps the process alive; exits flush explicitly.
    if (timer === undefined) timer = setTimeout(flush, FLUSH_MS);
    Deno.unrefTimer(timer);
  };
  return Object.assign(sink, { flush });
}

function writeAll(bytes: Uint8Array) {
  let offset = 0;
  while (offset < bytes.length) offset += Deno.stdout.writeSync(bytes.subarray(offset));
}

let processSink: FlushableSink | undefined;

/** Writes out log lines still held by the process's sink (before it exits). */
export function flushLogs(): void {
  processSink?.flush();
}

/** Sets up logging for the process; `sink` defaults to buffered standard output. */
export async function setupLogging(
  level: LogLevel,
  sink: (r: LogRecord) => void = (processSink = bufferedSink()),
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
