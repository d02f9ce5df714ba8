/** The rule editor's calls to the service: JSON with the session's CSRF token, errors by field. */

/** A field-level problem as the API reports it in a 422. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** An answer that was not 2xx: its message and the field issues it listed. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly issues: FieldIssue[]) {
    super(message);
  }
}

/** Sends a request and answers its JSON, or throws ApiError. */
export async function send<T = Record<string, unknown>>(
  path: string,
  csrf: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers: {
        accept: "application/json",
        "x-csrf-token": csrf,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError("The service cannot be reached; check the connection", 0, []);
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const issues = Array.isArray(json.error?.details) ? json.error.details as FieldIssue[] : [];
    throw new ApiError(
      json.error?.message ?? `The service answered ${res.status}`,
      res.status,
      issues,
    );
  }
  return json as T;
}
