/** Fault injection settings (POST /_dev/faults), decided by a seeded generator so runs reproduce. */
import { z } from "zod";
import { Rng } from "./random.ts";

/** The accepted body of POST /_dev/faults; `{}` clears every fault. */
export const faultSchema = z.object({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  rateLimitBurst: z.number().int().min(0).optional(),
  malformedRate: z.number().min(0).max(1).optional(),
  dropRate: z.number().min(0).max(1).optional(),
  paths: z.array(z.string()).optional(),
}).strict();

/** Fault settings in force. */
export type FaultSettings = z.infer<typeof faultSchema>;

/** What to do to one request. */
export type FaultDecision = "none" | "error" | "malformed" | "drop" | "burst";

/** Holds the fault settings and decides, request by request, which fault applies. */
export class Faults {
  settings: FaultSettings = {};
  #rng: Rng;
  #burstLeft = 0;
  /** The reset the burst's first 429 announced; past it, the budget is back, as at Mastodon. */
  #burstEnds: number | undefined;

  constructor(private seed: number) {
    this.#rng = new Rng(seed).fork("faults");
  }

  /** Replaces the settings and restarts the generator so the same sequence repeats. */
  set(settings: FaultSettings) {
    this.settings = settings;
    this.#burstLeft = settings.rateLimitBurst ?? 0;
    this.#burstEnds = undefined;
    this.#rng = new Rng(this.seed).fork("faults");
  }

  /** Whether faults apply to a path: all API paths unless `paths` names prefixes or templates. */
  applies(path: string): boolean {
    const paths = this.settings.paths;
    if (!paths || paths.length === 0) return true;
    return paths.some((p) => path.startsWith(p) || templateRegex(p).test(path));
  }

  /**
   * The fault for the next request to a covered path. A 429 burst refuses up to
   * `rateLimitBurst` requests until the reset its first refusal announced (`windowEnd`): a
   * client that waits for the reset sees one refusal per request in flight, one that does not
   * sees all of them.
   */
  decide(now = 0, windowEnd = Number.POSITIVE_INFINITY): FaultDecision {
    if (this.#burstLeft > 0 && this.#burstEnds !== undefined && now >= this.#burstEnds) {
      this.#burstLeft = 0;
    }
    if (this.#burstLeft > 0) {
      this.#burstLeft--;
      this.#burstEnds ??= windowEnd;
      return "burst";
    }
    const s = this.settings;
    // One draw per kind keeps decisions for one kind stable when another's rate changes.
    const drop = this.#rng.next() < (s.dropRate ?? 0);
    const error = this.#rng.next() < (s.errorRate ?? 0);
    const malformed = this.#rng.next() < (s.malformedRate ?? 0);
    if (drop) return "drop";
    if (error) return "error";
    if (malformed) return "malformed";
    return "none";
  }

  /** Injected latency in ms. */
  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }
}

/** A route template like /api/v1/accounts/:id/statuses as a regex over paths. */
function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+");
  return new RegExp(`^${escaped}/?$`);
}
