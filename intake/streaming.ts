/**
 * Following Mastodon's `public:remote` stream. Mastodon sends status.created webhooks for local
 * statuses only, so what a remote account posts after its first analysis is seen here or not at
 * all. The connection is kept up with backoff; silence longer than a few heartbeats counts as a
 * dead connection; every time it was down is recorded as a gap, which the fallback (re-reading
 * young remote accounts) covers.
 */
import type { Mastodon } from "../mastodon/client.ts";
import { readSse } from "../mastodon/sse.ts";
import { type Status, statusSchema } from "../mastodon/schemas.ts";
import { logger } from "../server/log.ts";

const log = logger("intake", "stream");

/** Mastodon sends a heartbeat every 15 s; this much silence means the connection is dead. */
const SILENCE_MS = 60_000;
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

/** A time the stream was down. */
export interface StreamGap {
  from: Date;
  to: Date;
}

/** What following the stream needs. */
export interface StreamDeps {
  mastodon: Pick<Mastodon, "openStream">;
  /** Handles one remote status; errors are logged, the stream goes on. */
  onStatus(status: Status, raw: string): Promise<void>;
  /** Told of each gap once the stream is back. */
  onGap?(gap: StreamGap): Promise<void> | void;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  silenceMs?: number;
}

/** The stream's state, for /metrics and the fallback. */
export interface StreamState {
  connected: boolean;
  /** Since when it is connected, or down. */
  since: Date;
  events: number;
  gaps: number;
}

/** A followed stream: its state, and how to stop following it. */
export interface FollowedStream {
  state(): StreamState;
  stop(): Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/** Follows `public:remote` until stopped, reconnecting with backoff. */
export function followRemoteStream(deps: StreamDeps): FollowedStream {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? defaultSleep;
  const stopping = new AbortController();
  const state: StreamState = { connected: false, since: now(), events: 0, gaps: 0 };
  let downSince: Date | undefined = now();
  let everConnected = false;

  const once = async (): Promise<void> => {
    const conn = new AbortController();
    const abort = () => conn.abort();
    stopping.signal.addEventListener("abort", abort, { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => conn.abort(), deps.silenceMs ?? SILENCE_MS);
    };
    try {
      const body = await deps.mastodon.openStream("public:remote", conn.signal);
      alive();
      state.connected = true;
      state.since = now();
      if (downSince && everConnected) {
        const gap = { from: downSince, to: state.since };
        state.gaps++;
        log.warning("Remote stream was down from {from} to {to}", {
          from: gap.from.toISOString(),
          to: gap.to.toISOString(),
        });
        await deps.onGap?.(gap);
      }
      everConnected = true;
      downSince = undefined;
      log.info("Following the remote stream");
      for await (const e of readSse(body, undefined, conn.signal)) {
        alive();
        if ("heartbeat" in e || e.event !== "update") continue;
        state.events++;
        await handle(e.data);
      }
    } finally {
      clearTimeout(watchdog);
      stopping.signal.removeEventListener("abort", abort);
      conn.abort();
      if (state.connected) {
        state.connected = false;
        state.since = now();
        downSince = state.since;
      }
    }
  };

  const handle = async (data: string) => {
    let status: Status;
    try {
      status = statusSchema.parse(JSON.parse(data));
    } catch {
      log.warning("Streamed update that is not a status skipped");
      return;
    }
    await deps.onStatus(status, data).catch((err) =>
      log.error("Streamed status {status_id} not taken in: {error}", {
        status_id: status.id,
        error: err instanceof Error ? err.message : String(err),
      })
    );
  };

  const loop = (async () => {
    let backoff = MIN_BACKOFF_MS;
    while (!stopping.signal.aborted) {
      const started = now().getTime();
      try {
        await once();
      } catch (err) {
        if (stopping.signal.aborted) break;
        log.warning("Remote stream unavailable, retrying in {delay} ms: {error}", {
          delay: backoff,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (stopping.signal.aborted) break;
      // A connection that lasted resets the backoff; one that failed at once doubles it.
      if (now().getTime() - started > MAX_BACKOFF_MS) backoff = MIN_BACKOFF_MS;
      await sleep(backoff * (0.5 + Math.random() / 2), stopping.signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  })();

  return {
    state: () => ({ ...state }),
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
