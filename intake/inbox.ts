/**
 * The webhook inbox: a verified delivery is answered once it is durably stored, and runs are
 * started from it off the request path. Deliveries that arrive while a write is in flight are
 * stored together in the next atomic write (group commit), packed into as few values as fit
 * (a store's commit costs per row more than per byte): a spam wave's burst of webhooks then
 * costs a few KV commits of a few rows each, not a row and a commit per delivery. A delivery is
 * removed only after its handler ran, and handlers are idempotent per delivery id, so a crash at
 * any point loses and doubles nothing.
 */
import type { Kv, KvAtomic } from "../kv/port.ts";
import { type IntakeResult, type WebhookEvent, webhookEvent } from "../routes/webhooks.ts";
import { logger } from "../server/log.ts";
import { keys } from "../workflows/store.ts";
import type { InboxMessage } from "../workflows/types.ts";

const log = logger("intake", "inbox");

/** A stored delivery: its verified bytes, parsed again when it is handed over. */
interface Entry {
  body: Uint8Array;
  receivedAt: number;
}

/** Deliveries stored in one value by a group commit; handled ones are taken out. */
interface Batch {
  entries: (Entry & { id: string })[];
}

/** Hands one stored delivery to intake (starts its run); idempotent per delivery id. */
export type DeliveryHandler = (event: WebhookEvent, deliveryId: string) => Promise<unknown>;

/** Limits of one atomic write (Deno KV allows 1,000 mutations and 800 KiB per commit). */
const MAX_BATCH = 250;
const MAX_BATCH_BYTES = 600_000;
/** A single value may hold at most 64 KiB. */
const MAX_ENTRY_BYTES = 60_000;
/** What a stored delivery adds to its batch's value besides its bytes and id (an estimate). */
const ENTRY_OVERHEAD = 48;

/** How many delivery ids are remembered for instant duplicate answers. */
const RECENT_IDS = 10_000;

interface Waiting {
  id: string;
  entry: Entry;
  done: (err?: unknown) => void;
}

/** Stores deliveries in group commits; `accept` settles once its delivery is durable. */
export class Inbox {
  #waiting: Waiting[] = [];
  #writing = false;
  /** Delivery ids stored lately, and the same in a ring, to forget the oldest in O(1). */
  #recent = new Set<string>();
  #ring: string[] = [];
  #oldest = 0;
  /** Deliveries waiting for their write or in it, by id. */
  #pending = new Map<string, Promise<void>>();

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
    // Bytes are stored as they came: copying them costs less than serialising the object.
    const body = raw ?? new TextEncoder().encode(JSON.stringify(event));
    if (body.byteLength > MAX_ENTRY_BYTES && this.inline) {
      // Too large for a stored value, delayed or not: handed over now.
      await this.inline(event, deliveryId);
      return { status: "accepted" };
    }
    if (delayMs > 0) return await this.#later(deliveryId, body, delayMs);
    // A copy sent again before the first one is stored is answered when that one is.
    const pending = this.#pending.get(deliveryId) ?? new Promise<void>((resolve, reject) => {
      this.#waiting.push({
        id: deliveryId,
        entry: { body, receivedAt: this.now() },
        done: (err) => (err ? reject(err) : resolve()),
      });
      if (!this.#writing) void this.#write();
    });
    this.#pending.set(deliveryId, pending);
    try {
      await pending;
    } finally {
      if (this.#pending.get(deliveryId) === pending) this.#pending.delete(deliveryId);
    }
    return { status: "accepted" };
  }

  /** Stores now, hands over after `delayMs` (a debounced trigger); in a batch of its own. */
  async #later(id: string, body: Uint8Array, delayMs: number) {
    const now = this.now();
    const entries = [{ id, body, receivedAt: now }];
    const res = await stage(this.kv.atomic(), [{ entries }], now, delayMs).commit();
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
          const res = await stage(this.kv.atomic(), pack(batch), this.now()).commit();
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
    if (this.#recent.has(id)) return;
    this.#recent.add(id);
    // Not the Set's own first entry: after many deletes at its front, finding it scans them all.
    if (this.#ring.length < RECENT_IDS) return void this.#ring.push(id);
    this.#recent.delete(this.#ring[this.#oldest]);
    this.#ring[this.#oldest] = id;
    this.#oldest = (this.#oldest + 1) % RECENT_IDS;
  }

  #take(): Waiting[] {
    const batch: Waiting[] = [];
    let bytes = 0;
    while (this.#waiting.length > 0 && batch.length < MAX_BATCH) {
      const size = sizeOf(this.#waiting[0]);
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      batch.push(this.#waiting.shift()!);
      bytes += size;
    }
    return batch;
  }
}

/**
 * Hands over the deliveries a queue message names, each removed once handled; a failure
 * leaves it stored and is thrown, so that the queue delivers the message again for what is
 * left.
 */
export async function drainInbox(
  kv: Kv,
  message: InboxMessage,
  handle: DeliveryHandler,
): Promise<void> {
  let failed: unknown;
  const named = "batches" in message
    ? message.batches.map((id) => keys.inboxBatch(id))
    : message.inbox.map((id) => keys.inbox(id));
  for (const key of named) {
    await drainStored(kv, key, handle, (id, err) => {
      failed ??= err;
      log.warning("Webhook delivery {delivery_id} not handed over yet: {error}", {
        delivery_id: id,
        error: err instanceof Error ? err.message : String(err),
      });
    });
  }
  if (failed) throw failed;
}

/** How often the removal of handled deliveries is tried again when another drain got there first. */
const REWRITE_ATTEMPTS = 5;

/** The deliveries of a stored value: a batch, or one delivery alone (as stored before batches). */
function entriesOf(key: Deno.KvKey, value: Entry | Batch): Batch["entries"] {
  return "entries" in value ? value.entries : [{ id: String(key[1]), ...value }];
}

/** Hands over what one stored value holds, then takes out what was handled. */
async function drainStored(
  kv: Kv,
  key: Deno.KvKey,
  handle: DeliveryHandler,
  fail: (deliveryId: string, err: unknown) => void,
): Promise<void> {
  let stored = await kv.get<Entry | Batch>(key);
  if (!stored.value) return;
  const handled = new Set<string>();
  for (const entry of entriesOf(key, stored.value)) {
    try {
      await handle(parseStored(entry), entry.id);
      handled.add(entry.id);
    } catch (err) {
      fail(entry.id, err);
    }
  }
  // Another process may drain the same value (a message announced again): its removals count.
  for (let attempt = 0; attempt < REWRITE_ATTEMPTS && stored.value; attempt++) {
    const left = entriesOf(key, stored.value).filter((e) => !handled.has(e.id));
    const op = kv.atomic().check(stored);
    if (left.length === 0) op.delete(key);
    else op.set(key, { entries: left } satisfies Batch);
    if ((await op.commit()).ok) return;
    stored = await kv.get<Entry | Batch>(key);
  }
}

function parseStored(entry: Entry): WebhookEvent {
  // Verified before it was stored; a failure here is a damaged store, worth its error.
  return webhookEvent(JSON.parse(new TextDecoder().decode(entry.body)), "stored delivery");
}

/** Re-announces deliveries left stored (their message given up on); returns how many. */
export async function resumeInbox(kv: Kv): Promise<number> {
  let n = 0;
  const announce = async (prefix: Deno.KvKey, message: (ids: string[]) => InboxMessage) => {
    let ids: string[] = [];
    const flush = async () => {
      if (ids.length === 0) return;
      await kv.atomic().enqueue(message(ids)).commit();
      ids = [];
    };
    for await (const e of kv.list<Entry | Batch>({ prefix })) {
      ids.push(String(e.key[1]));
      n += "entries" in e.value ? e.value.entries.length : 1;
      if (ids.length >= MAX_BATCH) await flush();
    }
    await flush();
  };
  await announce(keys.inbox(), (inbox) => ({ inbox }));
  await announce(keys.inboxBatch(), (batches) => ({ batches }));
  if (n > 0) log.info("Re-announced {count} stored webhook deliveries", { count: n });
  return n;
}

/** What a waiting delivery adds to a stored value (an estimate that errs high). */
function sizeOf(w: Waiting): number {
  return w.entry.body.byteLength + w.id.length + ENTRY_OVERHEAD;
}

/** Packs a group commit's deliveries into values that each fit the store's value limit. */
function pack(batch: Waiting[]): Batch[] {
  const out: Batch[] = [];
  let current: Batch = { entries: [] };
  let bytes = 0;
  for (const w of batch) {
    const size = sizeOf(w);
    if (current.entries.length > 0 && bytes + size > MAX_ENTRY_BYTES) {
      out.push(current);
      current = { entries: [] };
      bytes = 0;
    }
    current.entries.push({ id: w.id, ...w.entry });
    bytes += size;
  }
  if (current.entries.length > 0) out.push(current);
  return out;
}

/**
 * Adds the values to `op`, each under a new batch id sorting by the time it was written, and the
 * queue message that names them.
 */
function stage(op: KvAtomic, values: Batch[], now: number, delayMs = 0): KvAtomic {
  const time = now.toString(36).padStart(9, "0");
  const batches = values.map((value) => {
    const id = `${time}-${crypto.randomUUID()}`;
    op.set(keys.inboxBatch(id), value);
    return id;
  });
  const message: InboxMessage = { batches };
  return op.enqueue(message, delayMs > 0 ? { delay: Math.round(delayMs) } : undefined);
}
