/**
 * Opening Mastodon's streaming API (server-sent events) with the admin token. The streaming
 * server is found from /api/v2/instance (`configuration.urls.streaming`); the connection has a
 * timeout for its answer, never for its body, which stays open as long as the server keeps it.
 */
import { MastodonError } from "./errors.ts";
import { streamingBase } from "./sse.ts";

/** The public streams MastoWatch follows. */
export type PublicStream = "public:remote";

const PATHS: Record<PublicStream, string> = { "public:remote": "/api/v1/streaming/public/remote" };

/** What opening a stream needs. */
export interface StreamOptions {
  instanceBase: string;
  token: string;
  userAgent: string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** The announced streaming origin (from /api/v2/instance), read when first needed. */
  announced: () => Promise<unknown>;
}

/** Opens `stream`; the body is the event stream. Throws MastodonError on a refusal. */
export async function openStream(
  o: StreamOptions,
  stream: PublicStream,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const base = streamingBase(o.instanceBase, await o.announced().catch(() => undefined));
  const path = PATHS[stream];
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(), o.timeoutMs);
  const onAbort = () => connect.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  const fail = (status: number, code: MastodonError["code"], detail: string, cause?: unknown) =>
    new MastodonError({
      method: "GET",
      path,
      status,
      retryable: status === 0 || status === 429 || status >= 500,
      code,
      detail,
      cause,
    });
  let res: Response;
  try {
    res = await o.fetch(`${base}${path}`, {
      headers: {
        Authorization: `Bearer ${o.token}`,
        Accept: "text/event-stream",
        "User-Agent": o.userAgent,
      },
      signal: connect.signal,
    });
  } catch (err) {
    signal.removeEventListener("abort", onAbort);
    throw fail(0, connect.signal.aborted ? "timeout" : "network", "no streaming connection", err);
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok || !res.body) {
    signal.removeEventListener("abort", onAbort);
    await res.body?.cancel();
    throw fail(
      res.status,
      res.status === 401 ? "unauthorized" : "client_error",
      `HTTP ${res.status}`,
    );
  }
  return res.body;
}
