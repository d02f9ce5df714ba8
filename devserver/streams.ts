/**
 * The development server's streaming side, as Mastodon's streaming server sends it: public
 * statuses to the subscribers of `public`, `public:local` and `public:remote` as `update`
 * events whose payload is the Status cast to a JSON string, deletions as `delete`.
 */
import type { Json } from "./entities.ts";

/** The public streams a subscriber can follow. */
export type StreamName = "public" | "public:local" | "public:remote";

/** One connected subscriber. */
interface Subscriber {
  stream: StreamName;
  send(event: string, payload: string): void;
}

/** Fans statuses out to the connected subscribers of each stream. */
export class StreamHub {
  #subscribers = new Set<Subscriber>();

  /** Connects a subscriber; the returned function disconnects it. */
  subscribe(stream: StreamName, send: Subscriber["send"]): () => void {
    const sub = { stream, send };
    this.#subscribers.add(sub);
    return () => this.#subscribers.delete(sub);
  }

  /** Subscribers connected now. */
  get size(): number {
    return this.#subscribers.size;
  }

  /** Sends a newly visible status to the streams it belongs on (public ones only). */
  publish(status: Json): void {
    if (status.visibility !== "public") return;
    const remote = String(status.account?.acct ?? "").includes("@");
    this.#send(remote ? "public:remote" : "public:local", "update", JSON.stringify(status));
  }

  /** Tells subscribers that a status was deleted. */
  deleted(status: Json): void {
    const remote = String(status.account?.acct ?? "").includes("@");
    this.#send(remote ? "public:remote" : "public:local", "delete", String(status.id));
  }

  /** Ends every connection (reset, shutdown). */
  clear(): void {
    this.#subscribers.clear();
  }

  #send(stream: StreamName, event: string, payload: string) {
    for (const sub of this.#subscribers) {
      if (sub.stream === stream || sub.stream === "public") sub.send(event, payload);
    }
  }
}
