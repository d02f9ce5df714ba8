/**
 * The running service's JSON API, for the tasks that act through it (rescan, rules): the queue
 * and the embedded database belong to the service process, so a task asks the service rather
 * than opening them itself. Reads the port and API_KEY through config.ts; `--url` overrides.
 */
import { loadConfig } from "../config.ts";

const TIMEOUT_MS = 30_000;

/** A refusal or failure, worded for the operator. */
export class ServiceError extends Error {
  constructor(message: string, readonly status?: number, readonly details?: unknown) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Where the service is and the key it accepts. */
export interface ServiceTarget {
  url: string;
  apiKey?: string;
}

/** The target from `--url` (if given) and the environment (PORT, API_KEY). */
export function serviceTarget(
  env: Record<string, string | undefined>,
  url?: string,
): ServiceTarget {
  const { config } = loadConfig(env, "dev");
  return {
    url: (url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, ""),
    apiKey: config.secrets.apiKey,
  };
}

/** Calls the API and returns its JSON; throws a ServiceError naming what went wrong. */
export async function callService<T>(
  target: ServiceTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  if (!target.apiKey) {
    throw new ServiceError("API_KEY is not set: the task calls the service's API with it");
  }
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        "x-api-key": target.apiKey,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ServiceError(
      `Cannot reach MastoWatch at ${target.url} (${(err as Error).message}); is it running? ` +
        "Give its address with --url",
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok) return json as T;
  const error = (json as { error?: { message?: string; details?: unknown } } | undefined)?.error;
  if (res.status === 401 || res.status === 403) {
    throw new ServiceError(
      `MastoWatch at ${target.url} refused the API key (${res.status}): set API_KEY to the ` +
        "service's own",
      res.status,
    );
  }
  throw new ServiceError(
    `${method} ${path} answered ${res.status}: ${error?.message ?? text.slice(0, 200)}`,
    res.status,
    error?.details,
  );
}

/** Field messages of a refusal, one per line, for printing under it. */
export function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.map((d) => {
    const { field, message } = d as { field?: string; message?: string };
    return `  ${field ? `${field}: ` : ""}${message ?? JSON.stringify(d)}`;
  });
}
