/** POST /accounts/:id/rescan, POST /rescan (every account seen), GET /rescan[/:id] (progress). */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { getAccount } from "../db/accounts.ts";
import {
  createRescan,
  getRescan,
  listRescans,
  type RescanDeps,
  rescanJobSchema,
  runRescan,
} from "../intake/rescan.ts";
import { HttpError } from "../server/errors.ts";
import { logger } from "../server/log.ts";
import { describe } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { idParam } from "../server/validate.ts";

const log = logger("intake", "rescan");

const tags = ["rescan"];
const docs = {
  account: describe({
    tags,
    summary: "Starts a new run for one account seen before",
    params: { id: idParam },
    responses: { 202: z.object({ account_id: z.string(), run_id: z.string() }) },
    errors: [404],
  }),
  start: describe({
    tags,
    summary: "Starts a rescan of every account seen; progress at GET /rescan/{id}",
    responses: { 202: rescanJobSchema },
  }),
  list: describe({
    tags,
    summary: "The rescans, with their progress",
    responses: { 200: z.object({ items: z.array(rescanJobSchema) }) },
  }),
  get: describe({
    tags,
    summary: "One rescan's progress",
    params: { id: idParam },
    responses: { 200: rescanJobSchema },
    errors: [404],
  }),
};

/** The rescan routes. */
export function rescanRoutes(deps: RescanDeps & { auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.post("/accounts/:id/rescan", deps.auth, docs.account, async (c) => {
    const id = docs.account.param(c, "id");
    if (!(await getAccount(deps.sql, id))) {
      throw new HttpError(404, `Account ${id} has not been seen by MastoWatch`);
    }
    const r = await deps.runs.startRun({
      accountId: id,
      trigger: "rescan",
      dedupKey: `rescan:${crypto.randomUUID()}`,
    });
    return c.json({ account_id: id, run_id: r.runId }, 202);
  });
  app.post("/rescan", deps.auth, docs.start, async (c) => {
    const job = await createRescan(deps, c.get("actor"));
    // Runs in the background; progress is read at GET /rescan/:id and resumed after a restart.
    runRescan(deps, job.id).catch((err) =>
      log.error("Rescan {id} stopped: {error}", { id: job.id, error: String(err) })
    );
    return c.json(job, 202);
  });
  app.get(
    "/rescan",
    deps.auth,
    docs.list,
    async (c) => c.json({ items: await listRescans(deps.kv) }),
  );
  app.get("/rescan/:id", deps.auth, docs.get, async (c) => {
    const job = await getRescan(deps.kv, docs.get.param(c, "id"));
    if (!job) throw new HttpError(404, "No such rescan");
    return c.json(job);
  });
  return app;
}
