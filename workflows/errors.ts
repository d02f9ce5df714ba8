/** How the workflow tells failures worth retrying from those that are not. */
import { MastodonError } from "../mastodon/errors.ts";

/** A failure that no retry can fix (e.g. the account no longer exists). */
export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentError";
  }
}

/** Not a failure: the step must look again after `delayMs`, without using one of its tries. */
export class RetryLater extends Error {
  constructor(message: string, readonly delayMs: number) {
    super(message);
    this.name = "RetryLater";
  }
}

/** True unless the error says retrying cannot help. An ambiguous POST is always retried. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PermanentError) return false;
  if (err instanceof MastodonError) return err.code === "ambiguous" || err.retryable;
  return true;
}

/** A one-line description of an error for the run record and the audit log. */
export function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 1000);
}
