/**
 * Reading Mastodon's streaming API over server-sent events: `event:` and `data:` lines make an
 * event, a blank line ends it, lines starting with `:` are comments (`:)` on connect, `:thump`
 * heartbeats). Bounded: an event larger than `maxEventBytes` ends the stream with an error
 * rather than growing without limit.
 */

/** One event, or a heartbeat comment (which proves the connection is alive). */
export type SseEvent = { event: string; data: string } | { heartbeat: true };

const MAX_EVENT_CHARS = 1_000_000;

/** The events of a text/event-stream body, as they arrive. */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  maxEventChars = MAX_EVENT_CHARS,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  // Aborting a fetch does not always end a body already being read: cancel the read itself.
  const cancel = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", cancel, { once: true });
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "message";
  let data: string[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      // One pass over the buffer with a cursor; what is left after the last newline is kept.
      let start = 0;
      let nl: number;
      while ((nl = buffer.indexOf("\n", start)) >= 0) {
        const end = nl > start && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const line = buffer.slice(start, end);
        start = nl + 1;
        if (line === "") {
          if (data.length > 0) yield { event, data: data.join("\n") };
          event = "message";
          data = [];
          size = 0;
        } else if (line.startsWith(":")) {
          yield { heartbeat: true };
        } else {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event = text;
          else if (field === "data") {
            data.push(text);
            size += text.length;
          }
        }
      }
      buffer = buffer.slice(start);
      if (buffer.length + size > maxEventChars) {
        throw new Error(`streaming event larger than ${maxEventChars} characters`);
      }
    }
  } finally {
    signal?.removeEventListener("abort", cancel);
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

/**
 * The HTTP base of the streaming API: `configuration.urls.streaming` from /api/v2/instance
 * (a ws:// or wss:// origin), else the instance itself.
 */
export function streamingBase(instanceBase: string, announced?: unknown): string {
  if (typeof announced === "string" && /^(wss?|https?):\/\//.test(announced)) {
    return announced.replace(/^ws(s?):/, "http$1:").replace(/\/+$/, "");
  }
  return instanceBase.replace(/\/+$/, "");
}
