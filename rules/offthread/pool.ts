/**
 * Runs evaluations in Web Workers, so that an input that takes long to score never stalls the
 * event loop that serves HTTP, health checks and the queue listener. The engine stays pure; this
 * is only where it runs. A job that runs past its time limit has its worker terminated and
 * replaced, and fails with EvaluationTimeout.
 */
import type { CompiledRuleSet } from "../compile.ts";
import type { dryRun, dryRunBatch, DryRunItem } from "../dryrun.ts";
import type { EngineInput, Verdict } from "../types.ts";
import type { Job, Reply, RuleSetSource } from "./protocol.ts";

/** What POST /dryrun/evaluate answers for one account. */
export type DryRunAnswer = ReturnType<typeof dryRun>;
/** What POST /dryrun/evaluate answers for a batch. */
export type DryRunBatchAnswer = ReturnType<typeof dryRunBatch>;

// A batch gets the time of one evaluation per this many items: it is one job in one worker.
const ITEMS_PER_TIMEOUT = 25;

/** An evaluation ran past its time limit and was stopped. */
export class EvaluationTimeout extends Error {
  constructor(readonly ms: number) {
    super(`evaluation took longer than ${ms} ms and was stopped`);
    this.name = "EvaluationTimeout";
  }
}

/** Too many evaluations are waiting for a worker; the caller may try again later. */
export class EvaluatorBusy extends Error {
  constructor(waiting: number) {
    super(`${waiting} evaluations are already waiting for a worker`);
    this.name = "EvaluatorBusy";
  }
}

/** Pool settings; each has a default. */
export interface EvaluatorOptions {
  /** Workers running at once. */
  size?: number;
  /** How long one job may run once a worker has taken it. */
  timeoutMs?: number;
  /** Jobs that may wait for a worker before new ones are refused. */
  maxQueue?: number;
  /** The worker module (tests point this at a slowed-down one). */
  workerUrl?: string;
}

// A job before the pool numbers it (Omit over each member of the union).
type Unnumbered<T> = T extends unknown ? Omit<T, "id"> : never;

interface Pending {
  job: Job;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current?: Pending;
  timer?: ReturnType<typeof setTimeout>;
}

/** A few evaluation workers, started on first use, replaced when they time out or fail. */
export class EvaluatorPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly sources = new WeakMap<CompiledRuleSet, RuleSetSource>();
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private readonly url: string;
  private jobs = 0;
  private versions = 0;
  private closed = false;

  constructor(opts: EvaluatorOptions = {}) {
    this.size = opts.size ?? 2;
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.maxQueue = opts.maxQueue ?? 64;
    this.url = opts.workerUrl ?? new URL("./worker.ts", import.meta.url).href;
  }

  /** Runs `dryRun` in a worker. */
  dryRun(
    set: CompiledRuleSet,
    item: DryRunItem,
    now: Date,
    threshold?: number,
  ): Promise<DryRunAnswer> {
    return this.run({ kind: "dryrun", set: this.source(set), item, now: now.getTime(), threshold });
  }

  /** Runs `dryRunBatch` in one worker, with a time limit that grows with the batch. */
  dryRunBatch(
    set: CompiledRuleSet,
    items: DryRunItem[],
    now: Date,
    threshold?: number,
  ): Promise<DryRunBatchAnswer> {
    const job = {
      kind: "dryrun_batch" as const,
      set: this.source(set),
      items,
      now: now.getTime(),
      threshold,
    };
    return this.run(job, this.timeoutMs * Math.max(1, Math.ceil(items.length / ITEMS_PER_TIMEOUT)));
  }

  /** Runs `evaluate` in a worker. */
  evaluate(set: CompiledRuleSet, input: EngineInput): Promise<Verdict> {
    return this.run({ kind: "evaluate", set: this.source(set), input });
  }

  /** Stops every worker; pending jobs fail. */
  close(): void {
    this.closed = true;
    const err = new Error("the evaluator pool is closed");
    for (const slot of this.slots.splice(0)) {
      clearTimeout(slot.timer);
      slot.worker.terminate();
      slot.current?.reject(err);
    }
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  // One id per compiled set object: the cache hands out the same object until rules change.
  private source(set: CompiledRuleSet): RuleSetSource {
    let src = this.sources.get(set);
    if (!src) {
      src = { id: ++this.versions, ...set.source, errors: set.errors };
      this.sources.set(set, src);
    }
    return src;
  }

  private run<T>(job: Unnumbered<Job>, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the evaluator pool is closed"));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new EvaluatorBusy(this.queue.length));
    }
    return new Promise<T>((resolve, reject) => {
      const full = { ...job, id: ++this.jobs } as Job;
      this.queue.push({ job: full, timeoutMs, resolve: resolve as never, reject });
      this.dispatch();
    });
  }

  private dispatch() {
    if (this.closed) return;
    while (this.slots.length < this.size && this.queue.length) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      if (!slot.ready || slot.current) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.current = next;
      // The limit runs from when a loaded worker takes the job, not from start-up.
      slot.timer = setTimeout(
        () => this.stop(slot, new EvaluationTimeout(next.timeoutMs)),
        next.timeoutMs,
      );
      slot.worker.postMessage(next.job);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.url, { type: "module" }), ready: false };
    slot.worker.onmessage = (e: MessageEvent<Reply>) => this.answer(slot, e.data);
    slot.worker.onerror = (e) => {
      // Handled here: an error left unhandled in a worker would end the whole process.
      e.preventDefault();
      this.stop(slot, new Error(`the evaluation worker failed: ${e.message}`));
    };
    return slot;
  }

  private answer(slot: Slot, reply: Reply) {
    if ("ready" in reply) {
      slot.ready = true;
      return this.dispatch();
    }
    const p = slot.current;
    if (!p || p.job.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.current = undefined;
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new Error(reply.error));
    this.dispatch();
  }

  /** Terminates a worker and fails its job; a worker that never loaded fails the queue too. */
  private stop(slot: Slot, err: Error) {
    clearTimeout(slot.timer);
    slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.current?.reject(err);
    // A worker that cannot even load would fail again: refuse the waiting jobs instead of
    // restarting it in a loop. The next job starts a new one.
    if (!slot.ready) {
      for (const p of this.queue.splice(0)) p.reject(err);
      return;
    }
    // Replace it at once, so that the next job does not wait for a worker to load.
    if (!this.closed) this.slots.push(this.spawn());
    this.dispatch();
  }
}

let shared: EvaluatorPool | undefined;

/** The process's pool, created on first use (its workers start on the first job). */
export function sharedEvaluator(): EvaluatorPool {
  return shared ??= new EvaluatorPool();
}
