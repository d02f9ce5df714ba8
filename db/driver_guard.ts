/**
 * Keeps the process alive through a known postgres.js defect: when the server closes a connection
 * while a small write waits for the next tick, that write runs on the closed socket and throws
 * where no caller can catch it (porsager/postgres#1154 and #1208, denoland/deno#34667). The query
 * it belonged to has already failed with CONNECTION_CLOSED and the pool connects again, so the
 * throw is reported and dropped. Every other uncaught error still ends the process.
 */

/** True for the defect's error: a TypeError from postgres.js's deferred write. */
export function isWriteAfterClose(err: unknown): boolean {
  return err instanceof TypeError && /reading 'write'/.test(err.message) &&
    /nextWrite/.test(err.stack ?? "") && /postgres/.test(err.stack ?? "");
}

/** Installs the guard; returns how to remove it. */
export function surviveWriteAfterClose(onDropped: (err: Error) => void): () => void {
  const listener = (e: ErrorEvent) => {
    if (!isWriteAfterClose(e.error)) return;
    e.preventDefault();
    onDropped(e.error);
  };
  globalThis.addEventListener("error", listener);
  return () => globalThis.removeEventListener("error", listener);
}
