/**
 * Bounds a wait in time. postgres.js can leave a query unsettled for ever (one lost with its
 * connection while PostgreSQL restarts, porsager/postgres#1193 and #1208): nothing that may wait
 * on one (a request, a queue handler, one of pg-boss's queries) may wait without a bound.
 */

/** What `within` rejects with when no other reason is given. */
export const TIMED_OUT = Symbol("timed out");

/** `p`, or a rejection with `reason()` (TIMED_OUT by default) once `ms` have passed. */
export function within<T>(
  ms: number,
  p: T | PromiseLike<T>,
  reason: () => unknown = () => TIMED_OUT,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(reason()), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
