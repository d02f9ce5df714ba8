/**
 * Audit rows of transitions, written only after the transition committed. The row's content is
 * put in KV in the same atomic commit as the transition (an outbox), written to Postgres after
 * the commit, then removed; what a crash leaves in the outbox is written at the next start. So
 * the audit log never describes a transition that did not happen, and misses none that did.
 */
import type { KvAtomic } from "../kv/port.ts";
import { logger } from "../server/log.ts";
import { auditDecision } from "./steps/audit.ts";
import { type Run, RunSchema, type WorkflowDeps } from "./types.ts";
import { keys } from "./store.ts";

const log = logger("workflow");

const outboxKey = (runId: string, action: string) => keys.auditOutbox(runId, action);

/** Adds to `op` the audit row of `action` for the run as it will be committed. */
export function addToOutbox(op: KvAtomic, run: Run, action: string): void {
  op.set(outboxKey(run.id, action), { action, run });
}

/** Writes the pending audit rows of `run` (idempotent per run and action) and clears them. */
export async function deliverOutbox(
  deps: Pick<WorkflowDeps, "kv" | "sql" | "clock" | "config">,
  run: Run,
  actions: string[],
): Promise<void> {
  for (const action of actions) {
    await auditDecision(deps, run, action, new Date(run.updatedAt));
    await deps.kv.delete(outboxKey(run.id, action));
  }
}

/** Writes what the outbox still holds for one run (a failed write after its commit). */
export async function deliverLeftovers(
  deps: Pick<WorkflowDeps, "kv" | "sql" | "clock" | "config">,
  runId: string,
): Promise<void> {
  for await (
    const e of deps.kv.list<{ action: string; run: unknown }>({ prefix: keys.auditOutbox(runId) })
  ) {
    const parsed = RunSchema.safeParse(e.value.run);
    if (parsed.success) await deliverOutbox(deps, parsed.data, [e.value.action]);
    else await deps.kv.delete(e.key);
  }
}

/** Writes every audit row a stopped process left in the outbox; returns how many. */
export async function flushOutbox(
  deps: Pick<WorkflowDeps, "kv" | "sql" | "clock" | "config">,
): Promise<number> {
  let n = 0;
  for await (
    const e of deps.kv.list<{ action: string; run: unknown }>({ prefix: keys.auditOutbox() })
  ) {
    const parsed = RunSchema.safeParse(e.value.run);
    if (!parsed.success) {
      log.error("Unreadable audit outbox entry {key} dropped", { key: e.key.join("/") });
      await deps.kv.delete(e.key);
      continue;
    }
    await deliverOutbox(deps, parsed.data, [e.value.action]);
    n++;
  }
  if (n > 0) log.info("Wrote {count} audit rows left by a stopped process", { count: n });
  return n;
}
