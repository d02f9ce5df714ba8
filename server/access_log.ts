/**
 * The access log: one line per answered request, up to a number of lines a second. Beyond it
 * (a burst of webhooks from a spam wave: thousands a second) requests are counted, and one line a
 * second sums them up by status, so the log stays readable and writing it costs no more than the
 * requests. Server errors are always written one by one.
 */
import { logger } from "./log.ts";

const log = logger("http");

/** One answered request. */
export interface Answered {
  method: string;
  path: string;
  status: number;
  ms: number;
  request_id: string;
}

/** Access lines written each second before the rest are summed up. */
export const ACCESS_LINES_PER_SECOND = 50;

/** Writes access lines, summing up those past the limit of each second. */
export class AccessLog {
  #second = 0;
  #written = 0;
  /** Requests answered past the limit in the current second, by status. */
  #unlisted = new Map<number, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly perSecond = ACCESS_LINES_PER_SECOND,
    private now: () => number = Date.now,
  ) {}

  /** Logs one answered request, or counts it when this second's lines are written already. */
  write(a: Answered): void {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.#second) {
      this.flush();
      this.#second = second;
      this.#written = 0;
    }
    if (this.#written < this.perSecond || a.status >= 500) {
      this.#written++;
      log.info("{method} {path} {status} in {ms} ms", { ...a });
      return;
    }
    this.#unlisted.set(a.status, (this.#unlisted.get(a.status) ?? 0) + 1);
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), 1_000);
      // A pending summary never keeps the process alive.
      Deno.unrefTimer(this.#timer);
    }
  }

  /** Writes the summary line of the requests counted and not yet written. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#unlisted.size === 0) return;
    const statuses = Object.fromEntries(
      [...this.#unlisted].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n]),
    );
    const count = [...this.#unlisted.values()].reduce((a, b) => a + b, 0);
    this.#unlisted.clear();
    log.info(
      "{count} more requests answered in the second from {since}, past {limit} lines a second",
      {
        count,
        statuses,
        since: new Date(this.#second * 1000).toISOString(),
        limit: this.perSecond,
      },
    );
  }
}
