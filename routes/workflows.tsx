/**
 * GET /workflows (runs by state, failed runs, dead letters), GET /workflows/:id (one run with its
 * audit trail), POST /workflows/:id/retry (a failed run goes back to the step that failed).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { auditForRun } from "../db/audit.ts";
import { recentRunIds } from "../db/account_page.ts";
import { WorkflowsPage } from "../components/workflows.tsx";
import {
  countRunsByState,
  getRun,
  listDeadLetters,
  listRuns,
  redriveDeadLetter,
  retryRun,
  RunConflict,
} from "../workflows/runs.ts";
import { keys, RUN_ID } from "../workflows/store.ts";
import { RUN_STATES, RunSchema, type WorkflowDeps } from "../workflows/types.ts";
import { HttpError } from "../server/errors.ts";
import { respond } from "../server/negotiate.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { idParam, intParam } from "../server/validate.ts";

const listQuery = z.object({
  state: z.enum(RUN_STATES, { message: `must be one of ${RUN_STATES.join(", ")}` }).optional(),
  limit: intParam(1, 500).default(50),
  // The id of the last run of the previous page.
  cursor: z.string().regex(RUN_ID, "must be the next_cursor of a previous page").optional(),
});

const Counts = z.record(z.string(), z.number().int()).describe("runs by state");
const DeadLetter = z.object({ runId: z.string(), run: RunSchema.optional() });
const AuditRow = z.object({
  id: z.string(),
  at: timestamp,
  action: z.string(),
  actor: z.string(),
  accountId: z.string().nullable(),
  runId: z.string().nullable(),
  ruleNames: z.array(z.string()),
  details: z.record(z.string(), z.unknown()),
});

const tags = ["workflows"];
const runId = { id: idParam };
const docs = {
  list: describe({
    tags,
    summary: "Runs by state, failed runs, dead letters, and one page of runs",
    query: listQuery,
    page: true,
    responses: {
      200: z.object({
        counts: Counts,
        failed: z.array(RunSchema),
        dead_letters: z.array(DeadLetter),
        runs: z.array(RunSchema),
        next_cursor: z.string().nullable(),
      }),
    },
  }),
  counts: describe({
    tags,
    summary: "Runs by state (what the live page polls)",
    responses: { 200: z.object({ counts: Counts }) },
  }),
  get: describe({
    tags,
    summary: "One run with its audit trail",
    params: runId,
    responses: { 200: z.object({ run: RunSchema, audit: z.array(AuditRow) }) },
    errors: [404],
  }),
  retry: describe({
    tags,
    summary: "Sends a failed run back to the step that failed",
    params: runId,
    responses: { 202: z.object({ run: RunSchema }) },
    errors: [404, 409],
  }),
  redrive: describe({
    tags,
    summary: "Puts a message the queue gave up on back on the queue",
    params: runId,
    responses: { 202: z.object({ run_id: z.string(), redriven: z.literal(true) }) },
    errors: [404, 409],
  }),
};

/** The workflow routes. */
export function workflowRoutes(deps: {
  workflow: WorkflowDeps;
  auth: MiddlewareHandler<AppEnv>;
}) {
  const app = new Hono<AppEnv>();
  const w = deps.workflow;

  app.get("/workflows", deps.auth, docs.list, async (c) => {
    const q = docs.list.query(c);
    const [counts, failed, dead, runs] = await Promise.all([
      countRunsByState(w),
      listRuns(w, { state: "failed", limit: 50 }),
      listDeadLetters(w),
      listRuns(w, { state: q.state, limit: q.limit, cursor: q.cursor }),
    ]);
    const body = {
      counts,
      failed: failed.items,
      dead_letters: dead,
      runs: runs.items,
      next_cursor: runs.nextCursor ?? null,
    };
    return respond(c, body, (viewer) => <WorkflowsPage {...viewer} {...body} />);
  });

  // What the live island polls: the counts alone, not the lists /workflows also reads.
  app.get(
    "/workflows/counts",
    deps.auth,
    docs.counts,
    async (c) => c.json({ counts: await countRunsByState(w) }),
  );

  app.get("/workflows/:id", deps.auth, docs.get, async (c) => {
    const run = await getRun(w, docs.get.param(c, "id"));
    if (!run) throw new HttpError(404, "No such run");
    return c.json({ run, audit: await auditForRun(w.sql, run.id) });
  });

  app.post("/workflows/:id/retry", deps.auth, docs.retry, async (c) => {
    const id = docs.retry.param(c, "id");
    const run = await conflictsAsHttp(() => retryRun(w, id));
    return c.json({ run }, 202);
  });

  // A message the queue gave up on goes back on the queue.
  app.post("/workflows/:id/redrive", deps.auth, docs.redrive, async (c) => {
    const id = docs.redrive.param(c, "id");
    await conflictsAsHttp(() => redriveDeadLetter(w, id));
    return c.json({ run_id: id, redriven: true }, 202);
  });
  return app;
}

async function conflictsAsHttp<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (err) {
    if (err instanceof RunConflict) {
      const missing = /does not exist|no dead letter/i.test(err.message);
      throw new HttpError(missing ? 404 : 409, err.message);
    }
    throw err;
  }
}

/** The runs of one account seen in its analyses and audit rows, newest first, from KV. */
export async function runsForAccount(w: WorkflowDeps, accountId: string) {
  const rows = await recentRunIds(w.sql, accountId, 20);
  const active = await w.kv.get<{ runId: string }>(keys.accountRun(accountId));
  const ids = [...new Set([active.value?.runId, ...rows])].filter(
    (id): id is string => Boolean(id),
  );
  const runs = await Promise.all(ids.map((id) => getRun(w, id)));
  return runs.filter((r) => r !== undefined);
}
