/** Request ids: taken from X-Request-Id when sane, else generated; echoed and put on every log line. */

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: the one it came with when sane, else a new one. */
export function requestIdFor(
  given: string | undefined,
  generate: () => string = () => crypto.randomUUID(),
): string {
  return given && SANE.test(given) ? given : generate();
}
