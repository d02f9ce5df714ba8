/** Webhook delivery like Mastodon's: signed JSON POSTs, retried on non-2xx with bounded backoff. */
import type { Json } from "./entities.ts";
import type { Stats } from "./stats.ts";
import type { WorldStore } from "./store.ts";

/** Events the development server emits. */
export type WebhookEvent =
  | "account.created"
  | "status.created"
  | "report.created"
  | "report.updated";

/** A delivery waiting for its next attempt, or finished. */
export interface Delivery {
  id: number;
  event: WebhookEvent;
  body: string;
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  /** Wall-clock ms of the acknowledged attempt (kept in memory for GET /_dev/timeline). */
  deliveredAt?: number;
}

/** Settings of the webhook sender. */
export interface WebhookOptions {
  url?: string;
  secret?: string;
  now: () => number;
  stats: Stats;
  /** Delays before the 2nd, 3rd... attempts; its length + 1 bounds the attempts. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  fetch?: typeof fetch;
  userAgent?: string;
  /** Keeps deliveries not yet acknowledged, with their attempts, across restarts. */
  store?: WorldStore;
}

/** Hex HMAC-SHA256 of the raw body keyed with the secret, as in `X-Hub-Signature: sha256=`. */
export async function signBody(secret: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(body)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Queue of webhook deliveries with retries and a dead letter list. */
export class WebhookQueue {
  readonly pending: Delivery[] = [];
  readonly failed: Delivery[] = [];
  readonly delivered: Delivery[] = [];
  #running: Promise<void> | null = null;
  #nextId = 1;
  #stopped = false;

  constructor(private opts: WebhookOptions) {}

  /** Takes back the deliveries a stored world was still waiting to have acknowledged. */
  restore(deliveries: Delivery[]) {
    for (const d of deliveries) {
      this.pending.push(d);
      this.#nextId = Math.max(this.#nextId, d.id + 1);
    }
  }

  /** Whether a target URL is configured. */
  get enabled(): boolean {
    return Boolean(this.opts.url);
  }

  /** Queues an event for delivery; ignored when no URL is configured. */
  enqueue(event: WebhookEvent, object: Json) {
    if (!this.opts.url) return;
    const body = JSON.stringify({
      event,
      created_at: new Date(this.opts.now()).toISOString(),
      object,
    });
    const delivery = {
      id: this.#nextId++,
      event,
      body,
      attempts: 0,
      nextAttemptAt: 0,
      lastStatus: null,
    };
    this.pending.push(delivery);
    this.opts.store?.putWebhook(delivery);
  }

  /** Attempts every due delivery once; concurrent calls share one run. */
  deliver(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#running ??= this.#deliverDue().finally(() => (this.#running = null));
    return this.#running;
  }

  async #deliverDue() {
    const now = this.opts.now();
    const due = this.pending.filter((d) => d.nextAttemptAt <= now);
    for (const d of due) await this.#attempt(d);
  }

  async #attempt(d: Delivery) {
    const { url, secret = "", stats } = this.opts;
    const delays = this.opts.retryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
    const doFetch = this.opts.fetch ?? fetch;
    d.attempts++;
    stats.webhookAttempts++;
    let ok = false;
    try {
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "User-Agent": this.opts.userAgent ??
          "Mastodon/4.6.4 (http.rb/5.2.0; +http://localhost:3000/)",
      };
      // HMAC takes no empty key: without a secret the delivery goes unsigned, not undelivered.
      if (secret) headers["X-Hub-Signature"] = `sha256=${await signBody(secret, d.body)}`;
      const res = await doFetch(url!, {
        method: "POST",
        headers,
        body: d.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      d.lastStatus = res.status;
      await res.body?.cancel();
      ok = res.ok;
    } catch {
      d.lastStatus = null;
    }
    // Stopped while the request was out: the delivery stays pending (and stored), to be sent
    // again after a restart, as Mastodon retries a job its worker lost. A reset dropped it.
    const at = this.pending.indexOf(d);
    if (this.#stopped || at < 0) return;
    this.pending.splice(at, 1);
    if (ok) {
      d.deliveredAt = Date.now();
      stats.webhooksDelivered++;
      this.delivered.push(d);
      this.opts.store?.deleteWebhook(d.id);
    } else if (d.attempts > delays.length) {
      stats.webhooksFailed++;
      this.failed.push(d);
      this.opts.store?.deleteWebhook(d.id);
    } else {
      d.nextAttemptAt = this.opts.now() + delays[d.attempts - 1];
      this.pending.push(d);
      this.opts.store?.putWebhook(d);
    }
  }

  /** Stops delivering: the server is closing (pending deliveries stay stored). */
  stop() {
    this.#stopped = true;
  }

  /** Drops everything queued (POST /_dev/reset; the store is wiped with the world). */
  clear() {
    this.#nextId = 1;
    this.pending.length = 0;
    this.failed.length = 0;
    this.delivered.length = 0;
  }
}
