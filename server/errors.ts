/** The one error type routes throw; it knows the response it becomes. */
import { HTTPException } from "hono/http-exception";
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
  502: "bad_gateway",
  503: "unavailable",
};

/**
 * An HTTP error with a status, a stable code, optional details (e.g. field messages) and
 * headers the answer must carry (e.g. Retry-After). Extends Hono's HTTPException, so Hono's own
 * middleware and ours speak the same error.
 */
export class HttpError extends HTTPException {
  readonly code: string;
  constructor(
    status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
    code?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
    this.name = "HttpError";
    this.code = code ?? CODES[status] ?? "error";
  }

  /** The error as a JSON response, for callers outside the app's error handler. */
  override getResponse(): Response {
    return Response.json(errorBody(this, "unknown"), {
      status: this.status,
      headers: this.headers,
    });
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
