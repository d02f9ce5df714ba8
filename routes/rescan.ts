/** POST /accounts/:id/rescan, POST /rescan (every account seen), GET /rescan[/:id] (progress). */
import { Hono, type MiddlewareHandler } from "hono";
import { getAccount } from "../db/accounts.ts";
import {
  createRescan,
  getRescan,
  listRescans,
  type RescanDeps,
  runRescan,
} from "../intake/rescan.ts";
import { HttpError } from "../server/errors.ts";
import { logger } from "../server/log.ts";
import type { AppEnv } from "../server/types.ts";
import { idParam, readParam } from "../server/validate.ts";

const log = logger("intake", "rescan");

/** The rescan routes. */
export function rescanRoutes(deps: RescanDeps & { auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.post("/accounts/:id/rescan", deps.auth, async (c) => {
    const id = readParam(c, "id", idParam);
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
  app.post("/rescan", deps.auth, async (c) => {
    const job = await createRescan(deps, c.get("actor"));
    // Runs in the background; progress is read at GET /rescan/:id and resumed after a restart.
    runRescan(deps, job.id).catch((err) =>
      log.error("Rescan {id} stopped: {error}", { id: job.id, error: String(err) })
    );
    return c.json(job, 202);
  });
  app.get("/rescan", deps.auth, async (c) => c.json({ items: await listRescans(deps.kv) }));
  app.get("/rescan/:id", deps.auth, async (c) => {
    const job = await getRescan(deps.kv, readParam(c, "id", idParam));
    if (!job) throw new HttpError(404, "No such rescan");
    return c.json(job);
  });
  return app;
}
