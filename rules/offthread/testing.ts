/** Pools for tests: the real worker, or one that is slow on inputs carrying SLOW_MARK. */
import { type EvaluatorOptions, EvaluatorPool } from "./pool.ts";

/** Put this in an input (a display name, say) to make the slow worker slow on it. */
export const SLOW_MARK = "slow-evaluation";

/** A pool whose workers spend `ms` on every input that carries SLOW_MARK. */
export function slowPool(ms: number, opts: EvaluatorOptions = {}): EvaluatorPool {
  const url = new URL(`./testing_slow_worker.ts?ms=${ms}`, import.meta.url).href;
  return new EvaluatorPool({ ...opts, workerUrl: url });
}
