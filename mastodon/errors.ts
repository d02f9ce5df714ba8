/** The one error type of the Mastodon client: callers branch on `status`, `retryable` and `code`. */

/** Why a call failed, when the HTTP status alone does not say it. */
export type MastodonErrorCode =
  | "timeout"
  | "network"
  | "rate_limited"
  | "server_error"
  | "ambiguous"
  | "malformed"
  | "invalid_response"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "unprocessable"
  | "client_error";

/** Fields of a MastodonError, given to its constructor. */
export interface MastodonErrorInit {
  method: string;
  /** The path template, e.g. `/api/v1/statuses/:id`; never carries ids, queries or tokens. */
  path: string;
  /** HTTP status, or 0 when no response arrived (timeout, network failure). */
  status: number;
  retryable: boolean;
  code?: MastodonErrorCode;
  /** Mastodon's own `error` field, or a short description of what went wrong. */
  detail?: string;
  cause?: unknown;
}

/** A failed call to Mastodon. The message names method, path template, status and Mastodon's error. */
export class MastodonError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  readonly code?: MastodonErrorCode;
  readonly path: string;
  readonly method: string;
  readonly detail?: string;

  constructor(init: MastodonErrorInit) {
    const what = init.status === 0 ? (init.code ?? "no response") : `HTTP ${init.status}`;
    const detail = init.detail ? `: ${init.detail}` : "";
    super(`Mastodon ${init.method} ${init.path} failed with ${what}${detail}`, {
      cause: init.cause,
    });
    this.name = "MastodonError";
    this.status = init.status;
    this.retryable = init.retryable;
    this.code = init.code;
    this.path = init.path;
    this.method = init.method;
    this.detail = init.detail;
  }
}

/** The code that describes an HTTP error status. */
export function codeForStatus(status: number): MastodonErrorCode {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 422) return "unprocessable";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "client_error";
}

/** True for statuses worth trying again: 429 (after the reset) and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
