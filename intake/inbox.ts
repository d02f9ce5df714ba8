/**
 * The webhook inbox: a verified delivery is answered once it is durably stored, and runs are
 * started from it off the request path. Deliveries that arrive while a write is in flight are
 * stored together in the next atomic write (group commit): a spam wave's burst of webhooks then
 * costs a few KV commits, not one per delivery. A delivery is removed only after its handler ran,
 * and handlers are idempotent per delivery id, so a crash at any point loses and doubles nothing.
 */
import type { Kv } from "../kv/port.ts";
import { type IntakeResult, type WebhookEvent, webhookEventSchema } from "../routes/webhooks.ts";
import { logger } from "../server/log.ts";
import { keys } from "../workflows/store.ts";
import { InboxMessageSchema } from "../workflows/types.ts";

const log = logger("intake", "inbox");

/** A stored delivery: its verified bytes, parsed again when it is handed over. */
interface Entry {
  body: Uint8Array;
  receivedAt: number;
}

/** Hands one stored delivery to intake (starts its run); idempotent per delivery id. */
export type DeliveryHandler = (event: WebhookEvent, deliveryId: string) => Promise<unknown>;

/** Limits of one atomic write (Deno KV allows 1,000 mutations and 800 KiB per commit). */
const MAX_BATCH = 250;
const MAX_BATCH_BYTES = 600_000;
/** A single value may hold at most 64 KiB. */
const MAX_ENTRY_BYTES = 60_000;

/** How many delivery ids are remembered for instant duplicate answers. */
const RECENT_IDS = 10_000;

const inboxKey = (id: string) => keys.inbox(id);

interface Waiting {
  id: string;
  entry: Entry;
  bytes: number;
  done: (err?: unknown) => void;
}

/** Stores deliveries in group commits; `accept` settles once its delivery is durable. */
export class Inbox {
  #waiting: Waiting[] = [];
  #writing = false;
  /** Delivery ids stored lately, oldest first (a Set keeps insertion order). */
  #recent = new Set<string>();

  constructor(
    private kv: Kv,
    private now: () => number = Date.now,
    /** Handles a delivery too large for one KV value at once, on the request path. */
    private inline?: DeliveryHandler,
  ) {}

  /**
   * Stores the delivery and settles once it is durable. A re-delivery seen lately by this
   * process is answered as a duplicate without a write; any other is stored again, and its
   * handler, keyed by the delivery id, joins the run already started.
   */
  async accept(
    event: WebhookEvent,
    deliveryId: string,
    raw?: Uint8Array,
    delayMs = 0,
  ): Promise<IntakeResult> {
    if (this.#recent.has(deliveryId)) return { status: "duplicate" };
    if (delayMs > 0) return await this.#later(event, deliveryId, raw, delayMs);
    // Bytes are stored as they came: copying them costs less than serialising the object.
    const body = raw ?? new TextEncoder().encode(JSON.stringify(event));
    const entry: Entry = { body, receivedAt: this.now() };
    const bytes = body.byteLength;
    if (bytes > MAX_ENTRY_BYTES && this.inline) {
      await this.inline(event, deliveryId);
      return { status: "accepted" };
    }
    await new Promise<void>((resolve, reject) => {
      this.#waiting.push({
        id: deliveryId,
        entry,
        bytes,
        done: (err) => (err ? reject(err) : resolve()),
      });
      if (!this.#writing) void this.#write();
    });
    return { status: "accepted" };
  }

  /** Stores now, hands over after `delayMs` (a debounced trigger); not batched. */
  async #later(event: WebhookEvent, id: string, raw: Uint8Array | undefined, delayMs: number) {
    const body = raw ?? new TextEncoder().encode(JSON.stringify(event));
    const res = await this.kv.atomic()
      .set(inboxKey(id), { body, receivedAt: this.now() } satisfies Entry)
      .enqueue(InboxMessageSchema.parse({ inbox: [id] }), { delay: Math.round(delayMs) })
      .commit();
    if (!res.ok) throw new Error("inbox write was refused");
    this.#remember(id);
    return { status: "accepted" as const };
  }

  async #write(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#take();
        try {
          const op = this.kv.atomic();
          for (const w of batch) op.set(inboxKey(w.id), w.entry);
          op.enqueue(InboxMessageSchema.parse({ inbox: [...new Set(batch.map((w) => w.id))] }));
          const res = await op.commit();
          if (!res.ok) throw new Error("inbox write was refused");
          for (const w of batch) {
            this.#remember(w.id);
            w.done();
          }
        } catch (err) {
          for (const w of batch) w.done(err);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  #remember(id: string) {
    this.#recent.add(id);
    if (this.#recent.size > RECENT_IDS) this.#recent.delete(this.#recent.values().next().value!);
  }

  #take(): Waiting[] {
    const batch: Waiting[] = [];
    let bytes = 0;
    while (this.#waiting.length > 0 && batch.length < MAX_BATCH) {
      const next = this.#waiting[0];
      if (batch.length > 0 && bytes + next.bytes > MAX_BATCH_BYTES) break;
      batch.push(this.#waiting.shift()!);
      bytes += next.bytes;
    }
    return batch;
  }
}

/** Hands the named deliveries over, each removed once handled; a failure leaves it stored. */
export async function drainInbox(
  kv: Kv,
  ids: string[],
  handle: DeliveryHandler,
): Promise<void> {
  let failed: unknown;
  for (const id of ids) {
    const stored = await kv.get<Entry>(inboxKey(id));
    if (!stored.value) continue;
    try {
      await handle(parseStored(stored.value), id);
      await kv.atomic().check(stored).delete(inboxKey(id)).commit();
    } catch (err) {
      failed ??= err;
      log.warning("Webhook delivery {delivery_id} not handed over yet: {error}", {
        delivery_id: id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  // Thrown so that the queue delivers the message again for what is left.
  if (failed) throw failed;
}

function parseStored(entry: Entry): WebhookEvent {
  // Verified before it was stored; a failure here is a damaged store, worth its error.
  return webhookEventSchema.parse(JSON.parse(new TextDecoder().decode(entry.body)));
}

/** Re-announces deliveries left stored (their message given up on); returns how many. */
export async function resumeInbox(kv: Kv): Promise<number> {
  let ids: string[] = [];
  let n = 0;
  const flush = async () => {
    if (ids.length === 0) return;
    await kv.atomic().enqueue({ inbox: ids }).commit();
    n += ids.length;
    ids = [];
  };
  for await (const e of kv.list({ prefix: keys.inbox() })) {
    ids.push(String(e.key[1]));
    if (ids.length >= MAX_BATCH) await flush();
  }
  await flush();
  if (n > 0) log.info("Re-announced {count} stored webhook deliveries", { count: n });
  return n;
}
