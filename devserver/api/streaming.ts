/**
 * GET /api/v1/streaming/public[/local|/remote] as server-sent events, the way Mastodon's
 * streaming server answers: a `:)` line on connect, `:thump` heartbeat comments, and
 * `event: <name>` / `data: <payload>` for each event. A token is required.
 */
import { Hono } from "hono";
import type { Dev } from "../context.ts";
import type { StreamName } from "../streams.ts";
import { type Env, requireToken } from "./auth.ts";

/** How often a heartbeat comment keeps an idle connection alive. */
export const HEARTBEAT_MS = 15_000;

const STREAMS: Record<string, StreamName> = {
  "public": "public",
  "public/local": "public:local",
  "public/remote": "public:remote",
};

/** The streaming routes. */
export function streamingRoutes(dev: Dev, heartbeatMs = HEARTBEAT_MS) {
  const app = new Hono<Env>();
  app.get("/api/v1/streaming/health", (c) => c.text("OK"));
  for (const [path, stream] of Object.entries(STREAMS)) {
    app.get(`/api/v1/streaming/${path}`, (c) => {
      requireToken(c, dev.state, "read:statuses");
      const encoder = new TextEncoder();
      let stop = () => {};
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const write = (text: string) => {
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              stop();
            }
          };
          write(":)\n");
          const unsubscribe = dev.streams.subscribe(stream, (event, payload) => {
            write(`event: ${event}\ndata: ${payload}\n\n`);
          });
          const beat = setInterval(() => write(":thump\n"), heartbeatMs);
          stop = () => {
            clearInterval(beat);
            unsubscribe();
          };
        },
        cancel() {
          stop();
        },
      });
      return new Response(body, {
        headers: {
          "Content-Type": "text/event-stream",
          "Cache-Control": "no-store",
        },
      });
    });
  }
  return app;
}
