/**
 * POST /outcomes/sync: reads moderators' decisions on our reports (and the open backlog) from
 * Mastodon now, instead of at the next scheduled sync. Syncs asked for while one runs share it.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { HttpError } from "../server/errors.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import type { SyncResult } from "../workflows/outcomes.ts";

const count = z.number().int();
const doc = describe({
  tags: ["outcomes"],
  summary: "Runs an outcome sync now and answers what it did",
  description: "Reads the resolutions of our open reports (actioned: the target suspended, " +
    "silenced, disabled or marked sensitive, or its reported statuses deleted; otherwise " +
    "dismissed) and, with REPORT_BACKLOG_LIMIT set, counts the moderators' open reports.",
  bodyRequired: false,
  bodyTypes: ["application/x-www-form-urlencoded"],
  responses: {
    200: z.object({
      checked: count.describe("reports whose state Mastodon told"),
      resolved: count.describe("reports recorded as actioned or dismissed"),
      errors: count,
      calls: count.describe("API calls the sync made"),
      backlog: z.object({
        open: count,
        at_least: z.boolean().describe("counting stopped past the limit"),
        at: timestamp,
        limit: count,
        woken: count.describe("waiting reports woken to be filed, highest scores first"),
      }).nullable().describe("everyone's open reports at Mastodon; null without a limit"),
    }),
  },
  errors: [503],
});

/** The route; without a Mastodon configured it answers 503. */
export function outcomesRoutes(deps: {
  auth: MiddlewareHandler<AppEnv>;
  sync?: () => Promise<SyncResult>;
}) {
  const app = new Hono<AppEnv>();
  let running: Promise<SyncResult> | undefined;
  app.post("/outcomes/sync", deps.auth, doc, async (c) => {
    const sync = deps.sync;
    if (!sync) throw new HttpError(503, "No Mastodon server is configured");
    running ??= sync().finally(() => (running = undefined));
    const r = await running;
    return c.json({
      checked: r.checked,
      resolved: r.resolved,
      errors: r.errors,
      calls: r.calls,
      backlog: r.backlog
        ? {
          open: r.backlog.open,
          at_least: r.backlog.atLeast,
          at: r.backlog.at,
          limit: r.backlog.limit,
          woken: r.backlog.woken,
        }
        : null,
    });
  });
  return app;
}
