/**
 * The queue of QUEUE=postgres: pg-boss on the service's own PostgreSQL, through the same
 * postgres.js pool as everything else. A message is sent inside the commit that writes its state;
 * a worker holds it with pg-boss heartbeats while its handler runs, so the message of a killed
 * process is delivered again elsewhere once its heartbeat stops. A message that fails every try
 * lands, as in Deno KV, at the keys it names for that.
 */
import { PgBoss } from "pg-boss";
import type { Sql } from "../db/connect.ts";
import { logger } from "../server/log.ts";
import { TIMED_OUT, within } from "../server/within.ts";
import { decodeKey, encodeKey } from "./key_codec.ts";
import type { Queryable, TxQueue } from "./postgres_kv.ts";
import type { EnqueueOptions } from "./port.ts";
import { fromTagged, toTagged } from "./value_codec.ts";

const log = logger("queue");

/** How the queue is tuned; tests shorten the times. */
export interface PgBossQueueOptions {
  /** pg-boss's own schema (default `pgboss`). */
  schema?: string;
  /** Messages a process holds at once: as many as its worker can run, so the rest stay shared. */
  concurrency?: number;
  /** A held message whose heartbeat is this old goes to another worker (pg-boss: at least 10). */
  heartbeatSeconds?: number;
  /** How often an idle worker looks for due messages. */
  pollMs?: number;
  /** How often pg-boss's supervisor expires lost messages. */
  superviseSeconds?: number;
  retryLimit?: number;
  /** A handler still running after this long is let go: its message is delivered again. */
  handlerTimeoutMs?: number;
}

/**
 * How long one of pg-boss's queries may take. postgres.js can lose a write to a connection the
 * server closed (porsager/postgres#1208), and a query that was never sent never settles: neither
 * the delivery loop nor pg-boss's supervision may wait for it.
 */
const CALL_TIMEOUT_MS = 30_000;

const MAIN = "mastowatch";
const DEAD = "mastowatch_dead";

/** A message as pg-boss stores it: the value (tagged JSON) and its undelivered keys (hex). */
interface Envelope {
  m: unknown;
  dead?: string[];
}

type Handler = (message: unknown) => Promise<void> | void;
type OnDead = (keys: Deno.KvKey[], message: unknown) => Promise<void>;

/** pg-boss behind the port's `TxQueue`. */
export class PgBossQueue implements TxQueue {
  readonly #boss: PgBoss;
  readonly #o: Required<PgBossQueueOptions>;
  #started?: Promise<void>;
  #stopped = false;
  #loops: Promise<void>[] = [];
  readonly #waiting = new Set<() => void>();

  constructor(readonly sql: Sql, options: PgBossQueueOptions = {}) {
    this.#o = {
      schema: options.schema ?? "pgboss",
      concurrency: options.concurrency ?? 12,
      heartbeatSeconds: options.heartbeatSeconds ?? 10,
      pollMs: options.pollMs ?? 250,
      superviseSeconds: options.superviseSeconds ?? 5,
      retryLimit: options.retryLimit ?? 5,
      handlerTimeoutMs: options.handlerTimeoutMs ?? 2 * 60_000,
    };
    this.#boss = new PgBoss({
      db: executor(sql),
      schema: this.#o.schema,
      superviseIntervalSeconds: this.#o.superviseSeconds,
      monitorIntervalSeconds: this.#o.superviseSeconds,
      // Schedules are ours (a lease in the store around each), not pg-boss's.
      schedule: false,
      registerInstance: false,
      openTelemetry: { enabled: false },
    });
    this.#boss.on("error", (err) => log.warning("pg-boss: {error}", { error: String(err) }));
  }

  /** Installs pg-boss's schema and the queues once; a failed start is tried again on next use. */
  start(): Promise<void> {
    this.#started ??= (async () => {
      // Processes starting at once on a fresh database race to create pg-boss's schema
      // (CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent one): the loser tries again
      // once the winner's install has committed.
      await this.#boss.start({ attempts: 4 });
      const queue = {
        retryLimit: this.#o.retryLimit,
        retryDelay: 1,
        retryBackoff: true,
        retryDelayMax: 30,
        heartbeatSeconds: this.#o.heartbeatSeconds,
        // Beyond a handler's bound (and pg-boss's own minimum), held or not.
        expireInSeconds: Math.max(60, Math.ceil((2 * this.#o.handlerTimeoutMs) / 1000)),
      };
      for (
        const [name, options] of [[DEAD, queue], [MAIN, { ...queue, deadLetter: DEAD }]] as const
      ) {
        if (!(await this.#boss.getQueue(name))) {
          await this.#boss.createQueue(name, options).catch(async (err) => {
            // Another process created it meanwhile.
            if (!(await this.#boss.getQueue(name))) throw err;
          });
        }
        // Fills pg-boss's cache of the queue: a send inside a commit's transaction must not wait
        // for a second connection from the pool (many such waits at once would exhaust it).
        await this.#boss.getJobById(name, crypto.randomUUID());
      }
    })().catch((err) => {
      this.#started = undefined;
      throw err;
    });
    return this.#started;
  }

  async send(tx: Queryable, message: unknown, options: EnqueueOptions): Promise<void> {
    const data: Envelope = { m: toTagged(message) };
    if (options.keysIfUndelivered?.length) data.dead = options.keysIfUndelivered.map(encodeKey);
    const delay = Math.max(0, options.delay ?? 0);
    await this.#boss.send(MAIN, data as unknown as object, {
      db: executor(tx),
      ...(delay > 0 ? { startAfter: new Date(Date.now() + delay) } : {}),
    });
  }

  wake(): void {
    for (const done of [...this.#waiting]) done();
  }

  listen(handler: Handler, onDead: OnDead): Promise<void> {
    const loops = Promise.all([this.#work(handler), this.#drainDead(onDead)]).then(() => {});
    this.#loops.push(loops);
    return loops;
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await Promise.allSettled(this.#loops);
    if (this.#started) await this.#boss.stop({ close: false, timeout: 5_000 }).catch(() => {});
  }

  /** Fetches as many messages as there are free slots, runs each, settles each on its own. */
  async #work(handler: Handler): Promise<void> {
    await this.#untilStarted();
    const held = new Map<string, { id: string; retryCount: number }>();
    const beat = setInterval(() => {
      if (held.size === 0) return;
      // Every pg-boss call is bounded where it reaches the database (executor()).
      this.#boss.touch(MAIN, [...held.values()]).catch((err) =>
        log.warning("Queue heartbeat failed: {error}", { error: String(err) })
      );
    }, (this.#o.heartbeatSeconds * 1000) / 3);
    try {
      while (!this.#stopped) {
        const free = this.#o.concurrency - held.size;
        const jobs = free <= 0
          ? []
          : await this.#boss.fetch<Envelope>(MAIN, { batchSize: free }).catch((err) => {
            log.warning("Queue fetch failed: {error}", { error: String(err) });
            return [];
          });
        for (const job of jobs) {
          const attempt = { id: job.id, retryCount: job.retryCount };
          held.set(job.id, attempt);
          void this.#run(handler, job.data, attempt).finally(() => {
            held.delete(job.id);
            this.wake();
          });
        }
        if (jobs.length === 0 || held.size >= this.#o.concurrency) await this.#pause();
      }
    } finally {
      clearInterval(beat);
      while (held.size > 0) await this.#pause();
    }
  }

  async #run(handler: Handler, data: Envelope, attempt: { id: string; retryCount: number }) {
    const ran = within(
      this.#o.handlerTimeoutMs,
      Promise.resolve().then(() => handler(fromTagged(data.m))),
    );
    const failure = await ran.then(() => undefined, (err) => err ?? new Error("failed"));
    if (failure === TIMED_OUT) {
      // Its heartbeat stops with this return, so the message goes to another delivery.
      return log.warning("A queue message's handler ran past {ms} ms and was let go", {
        ms: this.#o.handlerTimeoutMs,
      });
    }
    // A settlement that fails leaves the message to be delivered again: at least once.
    const settled = failure === undefined
      ? this.#boss.complete(MAIN, attempt)
      : this.#boss.fail(MAIN, attempt, { message: String(failure) });
    await settled.catch((err) =>
      log.warning("Queue settlement failed: {error}", { error: String(err) })
    );
  }

  /** Writes the undelivered keys of messages that failed every try. */
  async #drainDead(onDead: OnDead): Promise<void> {
    await this.#untilStarted();
    while (!this.#stopped) {
      const jobs = await this.#boss.fetch<Envelope>(DEAD, { batchSize: 20 }).catch(() => []);
      for (const job of jobs) {
        try {
          await onDead((job.data.dead ?? []).map(decodeKey), fromTagged(job.data.m));
          await this.#boss.complete(DEAD, { id: job.id, retryCount: job.retryCount });
        } catch (err) {
          await this.#boss.fail(DEAD, { id: job.id, retryCount: job.retryCount }, {
            message: String(err),
          }).catch(() => {});
        }
      }
      if (jobs.length === 0) await this.#sleep(this.#o.superviseSeconds * 1000);
    }
  }

  async #untilStarted() {
    for (let delay = 500; !this.#stopped; delay = Math.min(delay * 2, 10_000)) {
      try {
        return await this.start();
      } catch (err) {
        log.warning("Queue not ready yet: {error}", { error: String(err) });
        await this.#sleep(delay);
      }
    }
  }

  /** Waits for a poll interval, or less when a message is sent or a slot frees here. */
  #pause(): Promise<void> {
    return this.#sleep(this.#o.pollMs);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.add(done);
    });
  }
}

/**
 * pg-boss's database: our pool or transaction. Every call is bounded: a query lost with its
 * connection (postgres.js can leave one unsettled when the server goes away mid-write) would
 * otherwise hold pg-boss's supervision pass forever, and with it the expiry of every message
 * whose settlement failed in the outage.
 */
export function executor(sql: Queryable | Sql, timeoutMs = CALL_TIMEOUT_MS) {
  const run = async (text: string, values?: unknown[]) => {
    if (values && values.length > 0) {
      return { rows: [...await sql.unsafe(text, values as never[])] };
    }
    // pg-boss's install and migration scripts hold BEGIN and COMMIT: the pool runs them on a
    // connection reserved for the script, a transaction runs them as they come.
    const reserved = "reserve" in sql ? await sql.reserve() : undefined;
    try {
      const res = await (reserved ?? sql).unsafe(text).simple().catch(async (err) => {
        // A script that failed midway leaves its transaction open: never hand that back.
        await reserved?.unsafe("ROLLBACK").catch(() => {});
        throw err;
      });
      // A script answers one result per statement: pg-boss reads rows from any of them.
      const results = Array.isArray(res[0]) ? [...res] as unknown as unknown[][] : [[...res]];
      return { rows: results.flatMap((r) => [...r]) };
    } finally {
      reserved?.release();
    }
  };
  return {
    executeSql: (text: string, values?: unknown[]) =>
      within(timeoutMs, run(text, values)).catch((err) => {
        throw err === TIMED_OUT ? new Error(`query gave no answer within ${timeoutMs} ms`) : err;
      }),
  };
}
