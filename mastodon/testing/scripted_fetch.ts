/** A scripted `fetch` and a fake clock for unit tests of the Mastodon client. */
import { createMastodon, type Mastodon, type MastodonOptions } from "../client.ts";

/** A request as the scripted fetch saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | null;
}

/** Answers one request; may throw (network failure) or never settle (timeout). */
export type Responder = (req: SeenRequest) => Response | Promise<Response>;

/** JSON response with optional headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** A fetch that answers with the given responders in turn and records every request. */
export function scriptedFetch(responders: Responder[]) {
  const seen: SeenRequest[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const req: SeenRequest = {
      method: init?.method ?? "GET",
      url: new URL(input instanceof Request ? input.url : input),
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : null,
    };
    seen.push(req);
    const responder = responders[Math.min(seen.length - 1, responders.length - 1)];
    return await responder(req);
  };
  return { fetch: fetchFn as typeof fetch, seen };
}

/** A clock whose sleeps advance time instantly and are recorded. */
export function fakeClock(start = Date.parse("2026-08-01T13:45:00Z")) {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

/** A client over scripted responders and a fake clock, with test tokens. */
export function scriptedClient(responders: Responder[], extra: Partial<MastodonOptions> = {}) {
  const { fetch, seen } = scriptedFetch(responders);
  const clock = fakeClock();
  const client: Mastodon = createMastodon({
    baseUrl: "http://127.0.0.1:3000",
    adminToken: "secret-admin-token",
    reporterToken: "secret-reporter-token",
    userAgent: "MastoWatch/test (+https://example.test)",
    timeoutMs: 1000,
    fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...extra,
  });
  return { client, seen, clock };
}
