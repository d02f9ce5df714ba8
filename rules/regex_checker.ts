/**
 * Schedules recheck's safety checks so that no request waits for them. A pattern not checked
 * yet runs on re2js at once and its check is queued; once recheck calls it safe, the next
 * compile runs it on V8. Only a pattern re2js cannot run (backreferences, lookaround) must be
 * checked before use, and that wait is bounded. recheck's checks starve each other when run in
 * parallel, so they run one at a time: those someone waits for first, then the others, taking
 * turns between actors, and each request and actor may queue only a few, so that one caller
 * cannot monopolise the checker.
 */
import { FairQueue } from "./fair_queue.ts";
import {
  re2Problem,
  recheckStatus,
  regexFlags,
  type RegexVerdict,
  syntaxVerdict,
  UNCHECKED,
  verdictOf,
} from "./regex_safety.ts";

/** The static check: recheck's status for a pattern (see recheckStatus). */
export type CheckFn = (source: string, flags: string) => Promise<string>;

/** How much of the checker one request and one actor may claim. */
export interface CheckLimits {
  /** New patterns one request may queue for checking. */
  perRequest: number;
  /** Patterns one actor may have queued at once. */
  perActor: number;
  /** Patterns re2js cannot run that one request may wait for. */
  waitsPerRequest: number;
  /** The longest one request waits for such a pattern's check. */
  waitMs: number;
}

const DEFAULT_LIMITS: CheckLimits = {
  perRequest: 8,
  perActor: 16,
  waitsPerRequest: 4,
  waitMs: 12_000,
};
/**
 * For the service's own loads of stored rules: every rule is queued, and a rule only V8 can run
 * is waited for (each check is bounded by recheck's own timeout), as the rules must all apply.
 */
export const UNLIMITED: CheckLimits = {
  perRequest: Infinity,
  perActor: Infinity,
  waitsPerRequest: Infinity,
  waitMs: Infinity,
};

const refused = (reason: string): RegexVerdict => ({ ok: false, reason });
const NEEDS_CHECK = "needs a safety check before it runs (it uses backreferences or lookaround)";

interface Job {
  source: string;
  flags: string;
  actor: string;
  state: "queued" | "running";
  done: Promise<RegexVerdict>;
  resolve(v: RegexVerdict): void;
}

/** Verdicts on moderators' regexes, and the one queue of checks that produces them. */
export class RegexChecker {
  private readonly verdicts = new Map<string, RegexVerdict>();
  private readonly jobs = new Map<string, Job>();
  private readonly urgent = new FairQueue<Job>();
  private readonly background = new FairQueue<Job>();
  private readonly queuedBy = new Map<string, number>();
  private running = false;

  constructor(private readonly check: CheckFn = recheckStatus) {}

  /** The final verdict, once the pattern has been checked (or found invalid). */
  final(source: string, caseSensitive: boolean): RegexVerdict | undefined {
    const flags = regexFlags(source, caseSensitive);
    return this.verdicts.get(`${flags}/${source}`) ?? this.invalid(source, flags);
  }

  /** Waits for the final verdict (for saves from tools, the CLI and tests; no allowance). */
  assess(source: string, caseSensitive = false, actor = "system"): Promise<RegexVerdict> {
    const known = this.final(source, caseSensitive);
    if (known) return Promise.resolve(known);
    return this.enqueue(source, regexFlags(source, caseSensitive), actor, true).done;
  }

  /** One request's allowance; `limits` overrides the defaults. */
  request(actor: string, limits: Partial<CheckLimits> = {}): CheckRequest {
    return new CheckRequest(this, actor, { ...DEFAULT_LIMITS, ...limits });
  }

  /** Patterns `actor` has queued and not yet seen checked. */
  queued(actor: string): number {
    return this.queuedBy.get(actor) ?? 0;
  }

  /** The job checking a pattern, if one is queued or running. */
  job(source: string, flags: string): Job | undefined {
    return this.jobs.get(`${flags}/${source}`);
  }

  /** Queues a check (or finds the queued one); `urgent` when a caller waits for it. */
  enqueue(source: string, flags: string, actor: string, urgent: boolean): Job {
    const key = `${flags}/${source}`;
    let job = this.jobs.get(key);
    if (!job) {
      let resolve!: (v: RegexVerdict) => void;
      const done = new Promise<RegexVerdict>((r) => resolve = r);
      job = { source, flags, actor, state: "queued", done, resolve };
      this.jobs.set(key, job);
      this.queuedBy.set(actor, this.queued(actor) + 1);
      (urgent ? this.urgent : this.background).push(actor, job);
    } else if (urgent && job.state === "queued") {
      // Someone now waits for a background check: it moves ahead (its old place is skipped).
      this.urgent.push(actor, job);
    }
    this.pump();
    return job;
  }

  private invalid(source: string, flags: string): RegexVerdict | undefined {
    const v = syntaxVerdict(source, flags);
    if (v) this.remember(`${flags}/${source}`, v);
    return v;
  }

  private remember(key: string, v: RegexVerdict) {
    // Bounded like any cache; a forgotten verdict is simply checked again.
    if (this.verdicts.size >= 5000) this.verdicts.clear();
    this.verdicts.set(key, v);
  }

  private next(): Job | undefined {
    for (const q of [this.urgent, this.background]) {
      for (let job = q.shift(); job; job = q.shift()) if (job.state === "queued") return job;
    }
    return undefined;
  }

  // Started at once (a check queued on an idle checker begins before enqueue returns).
  private started(source: string, flags: string): Promise<string> {
    try {
      return this.check(source, flags);
    } catch {
      return Promise.resolve("unknown");
    }
  }

  private async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.next(); job; job = this.next()) {
        job.state = "running";
        this.queuedBy.set(job.actor, Math.max(0, this.queued(job.actor) - 1));
        const status = await this.started(job.source, job.flags).catch(() => "unknown");
        const v = verdictOf(status, job.source, job.flags);
        const key = `${job.flags}/${job.source}`;
        this.remember(key, v);
        this.jobs.delete(key);
        job.resolve(v);
      }
    } finally {
      this.running = false;
    }
  }
}

/** What one request may ask of the checker: a few queued checks, a few bounded waits. */
export class CheckRequest {
  private queuedHere = 0;
  private waitsHere = 0;

  constructor(
    private readonly checker: RegexChecker,
    readonly actor: string,
    private readonly limits: CheckLimits,
  ) {}

  /** The verdict to run a pattern with now; undefined when it must be checked first. */
  now(source: string, caseSensitive: boolean): RegexVerdict | undefined {
    const known = this.checker.final(source, caseSensitive);
    if (known) return known;
    const flags = regexFlags(source, caseSensitive);
    if (re2Problem(source, flags) !== undefined) return undefined;
    if (this.mayQueue(source, flags)) {
      this.queuedHere++;
      this.checker.enqueue(source, flags, this.actor, false);
    }
    return UNCHECKED;
  }

  /** Like `now`, but waits (bounded) for the check of a pattern that only V8 can run. */
  async usable(source: string, caseSensitive: boolean): Promise<RegexVerdict> {
    const v = this.now(source, caseSensitive);
    if (v) return v;
    const flags = regexFlags(source, caseSensitive);
    if (!this.checker.job(source, flags)) {
      if (this.waitsHere >= this.limits.waitsPerRequest) {
        const n = this.limits.waitsPerRequest;
        return refused(`${NEEDS_CHECK}, and this request already waits for ${n}: send it apart`);
      }
      if (this.checker.queued(this.actor) >= this.limits.perActor) {
        const n = this.limits.perActor;
        return refused(`${NEEDS_CHECK}, and ${n} of your patterns wait for theirs: try again soon`);
      }
    }
    this.waitsHere++;
    const job = this.checker.enqueue(source, flags, this.actor, true);
    if (!Number.isFinite(this.limits.waitMs)) return await job.done;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<RegexVerdict>((resolve) => {
      const why = `${NEEDS_CHECK}, which is still running: try again soon`;
      timer = setTimeout(() => resolve(refused(why)), this.limits.waitMs);
    });
    try {
      return await Promise.race([job.done, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private mayQueue(source: string, flags: string): boolean {
    if (this.checker.job(source, flags)) return false;
    return this.queuedHere < this.limits.perRequest &&
      this.checker.queued(this.actor) < this.limits.perActor;
  }
}

/** The process's checker, over recheck. */
export const regexChecker = new RegexChecker();

/** Decides how a pattern may run, waiting for its check (for tools and tests). */
export function assessRegex(source: string, caseSensitive = false): Promise<RegexVerdict> {
  return regexChecker.assess(source, caseSensitive);
}
