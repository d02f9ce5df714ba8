/**
 * Rescans: queue one account, or every account seen, again. A rescan of all accounts is a job
 * kept in KV with its progress and cursor, so it survives a restart and resumes where it was.
 */
import type { Kv } from "../kv/port.ts";
import { z } from "zod";
import { listAccounts } from "../db/accounts.ts";
import type { Sql } from "../db/connect.ts";
import { logger } from "../server/log.ts";
import type { RunStarter } from "./port.ts";

const log = logger("intake", "rescan");
const BATCH = 100;

/** A rescan job and its progress. */
export const rescanJobSchema = z.object({
  id: z.string(),
  state: z.enum(["running", "done"]),
  total: z.number().int(),
  queued: z.number().int(),
  cursor: z.string().optional(),
  requested_by: z.string(),
  created_at: z.string(),
  finished_at: z.string().optional(),
});

/** A rescan job. */
export type RescanJob = z.infer<typeof rescanJobSchema>;

/** What rescans need. */
export interface RescanDeps {
  kv: Kv;
  sql: Sql;
  runs: RunStarter;
  now: () => Date;
}

const jobKey = (id: string): Deno.KvKey => ["rescan", id];

/** Creates a job for every account seen; `runRescan` does the work. */
export async function createRescan(deps: RescanDeps, actor: string): Promise<RescanJob> {
  const [{ n }] = await deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM accounts`;
  const job: RescanJob = {
    id: crypto.randomUUID(),
    state: "running",
    total: n,
    queued: 0,
    requested_by: actor,
    created_at: deps.now().toISOString(),
  };
  await deps.kv.set(jobKey(job.id), job);
  return job;
}

/** Reads a job. */
export async function getRescan(kv: Kv, id: string): Promise<RescanJob | undefined> {
  const r = await kv.get(jobKey(id));
  return r.value ? rescanJobSchema.parse(r.value) : undefined;
}

/** Lists jobs, newest first. */
export async function listRescans(kv: Kv): Promise<RescanJob[]> {
  const out: RescanJob[] = [];
  for await (const e of kv.list({ prefix: ["rescan"] })) out.push(rescanJobSchema.parse(e.value));
  return out.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** Queues the job's accounts batch by batch, saving progress after each batch. */
export async function runRescan(deps: RescanDeps, id: string): Promise<RescanJob> {
  let job = await getRescan(deps.kv, id);
  if (!job) throw new Error(`rescan ${id} not found`);
  while (job.state === "running") {
    const page = await listAccounts(deps.sql, { limit: BATCH, cursor: job.cursor });
    for (const a of page.items) {
      await deps.runs.startRun({
        accountId: a.id,
        trigger: "rescan",
        dedupKey: `rescan:${id}:${a.id}`,
      });
    }
    job = {
      ...job,
      queued: job.queued + page.items.length,
      cursor: page.nextCursor ?? job.cursor,
      ...(page.nextCursor ? {} : { state: "done" as const, finished_at: deps.now().toISOString() }),
    };
    await deps.kv.set(jobKey(id), job);
  }
  log.info("Rescan {id} queued {queued} accounts", { id, queued: job.queued });
  return job;
}

/** Resumes every unfinished job, e.g. after a restart. */
export async function resumeRescans(deps: RescanDeps): Promise<void> {
  for (const job of await listRescans(deps.kv)) {
    if (job.state === "running") await runRescan(deps, job.id);
  }
}
