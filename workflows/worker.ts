/**
 * The queue listener: each message names a run; the dispatcher advances it. On stop, work in
 * flight finishes and anything arriving later is put back in the queue for the next start.
 */
import type { Kv, KvAtomic } from "../kv/port.ts";
import { logger } from "../server/log.ts";
import { instanceOf, processRun } from "./dispatch.ts";
import { enqueueRun, HEARTBEAT_MS, HEARTBEAT_STALE_MS, keys } from "./store.ts";
import {
  type InboxMessage,
  InboxMessageSchema,
  MessageSchema,
  type WorkflowDeps,
} from "./types.ts";

const log = logger("workflow", "worker");
/** How long a message that arrives during shutdown waits before it is delivered again. */
const REQUEUE_MS = 5_000;

/** A running listener. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * At most this many runs advance at once: a spam wave queues hundreds of runs, and letting all
 * of them call Mastodon together would spend its rate limit in a burst.
 */
export const MAX_CONCURRENT_STEPS = 8;
const INTAKE_CONCURRENCY = 2;

/** What else the queue carries: stored webhook deliveries to hand over to intake. */
export interface WorkerOptions {
  maxConcurrent?: number;
  /** Hands over the deliveries a message names; throws to have it delivered again. */
  intake?: (message: InboxMessage) => Promise<void>;
}

/** Starts listening on the KV queue. */
export function startWorker(deps: WorkflowDeps, opts: WorkerOptions = {}): Worker {
  let stopping = false;
  const inFlight = new Set<Promise<unknown>>();
  const slots = semaphore(opts.maxConcurrent ?? MAX_CONCURRENT_STEPS);
  // Intake has slots of its own: runs stuck behind a slow Mastodon must not hold up webhooks.
  const intakeSlots = semaphore(INTAKE_CONCURRENCY);
  const stopBeating = heartbeat(deps);
  const track = async (work: Promise<unknown>) => {
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };
  const listening = deps.kv.listenQueue(async (raw: unknown) => {
    const inbox = InboxMessageSchema.safeParse(raw);
    if (inbox.success && opts.intake) {
      // Put back during shutdown, for whichever process takes the queue next (with
      // QUEUE=postgres another may already be running; with Deno KV the next start).
      if (stopping) {
        return await putBack(deps.kv, (op) => void op.enqueue(inbox.data, { delay: REQUEUE_MS }));
      }
      await intakeSlots.acquire();
      try {
        return await track(opts.intake(inbox.data));
      } finally {
        intakeSlots.release();
      }
    }
    const msg = MessageSchema.safeParse(raw);
    if (!msg.success) {
      log.error("Queue message dropped, not a run message: {issues}", {
        issues: msg.error.issues.map((i) => i.message),
      });
      return;
    }
    await slots.acquire();
    try {
      if (stopping) {
        return await putBack(deps.kv, (op) => enqueueRun(op, msg.data.runId, REQUEUE_MS));
      }
      await track(processRun(deps, msg.data.runId));
    } finally {
      slots.release();
    }
  });
  listening.catch((err) => log.error("Queue listener ended: {error}", { error: String(err) }));
  return {
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
      await stopBeating();
    },
  };
}

/**
 * Keeps this process's heartbeat in KV while it works, so another process can tell a live
 * lease holder (respect its lease) from a killed one (take its run over at once).
 */
function heartbeat(deps: WorkflowDeps): () => Promise<void> {
  const key = keys.alive(instanceOf(deps));
  const beat = () =>
    deps.kv.set(key, deps.clock.now().getTime(), { expireIn: HEARTBEAT_STALE_MS })
      .catch(() => undefined);
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  return async () => {
    clearInterval(timer);
    await deps.kv.delete(key).catch(() => undefined);
  };
}

function semaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    acquire: () =>
      free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

async function putBack(kv: Kv, add: (op: KvAtomic) => void): Promise<void> {
  try {
    const op = kv.atomic();
    add(op);
    await op.commit();
  } catch {
    // The store is closing: the undelivered message stays in it for the next start.
  }
}
