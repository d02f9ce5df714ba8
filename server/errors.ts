/** The one error type routes throw; it knows the response it becomes. */
import type { ContentfulStatusCode } from "hono/utils/http-status";

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable_entity",
  429: "too_many_requests",
  500: "internal_error",
  503: "unavailable",
};

/** An HTTP error with a status, a stable code and optional details (e.g. field messages). */
export class HttpError extends Error {
  readonly code: string;
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
    code?: string,
  ) {
    super(message);
    this.name = "HttpError";
    this.code = code ?? CODES[status] ?? "error";
  }
}

/** The JSON body of every API error. */
export function errorBody(err: HttpError, requestId: string) {
  return {
    error: {
      code: err.code,
      message: err.message,
      request_id: requestId,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}
