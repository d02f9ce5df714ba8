/** Development-only endpoints under /_dev: stats, faults, clock, reset, reports, decisions. */
import { Hono } from "hono";
import { z } from "zod";
import type { Env } from "./auth.ts";
import type { Dev } from "../context.ts";
import { faultSchema } from "../faults.ts";
import { ApiError, errors, json } from "./http.ts";
import type { ReportEntry } from "../state.ts";
import { ACTIONS, adminReportJson, decide } from "./report_service.ts";

/** What the /_dev routes need from the server beyond the shared state. */
export interface DevControls {
  tick(untilMs?: number): unknown;
  reset(): void;
  stats(): unknown;
  /** Wall-clock arrivals and acknowledged webhooks (devserver/timeline.ts). */
  timeline(): unknown;
}

const tickSchema = z.object({
  untilMs: z.number().min(0).optional(),
  advanceMs: z.number().min(0).optional(),
}).strict();

const decisionSchema = z.object({
  action_taken: z.boolean(),
  action: z.enum(ACTIONS).optional(),
}).strict();

async function body<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await req.text();
  let raw: unknown = {};
  try {
    raw = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(400, "Body must be JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(422, `Invalid ${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return parsed.data;
}

/** The /_dev routes, mounted at the root. */
export function devRoutes(dev: Dev, controls: DevControls): Hono<Env> {
  const app = new Hono<Env>();

  app.get("/_dev/stats", (c) => json(c, controls.stats()));

  app.get("/_dev/faults", (c) => json(c, dev.faults.settings));
  app.post("/_dev/faults", async (c) => {
    dev.faults.set(await body(c.req.raw, faultSchema));
    return json(c, dev.faults.settings);
  });

  app.post("/_dev/tick", async (c) => {
    const p = await body(c.req.raw, tickSchema);
    const until = p.untilMs ??
      (p.advanceMs !== undefined ? dev.state.elapsedMs + p.advanceMs : undefined);
    return json(c, controls.tick(until));
  });

  app.post("/_dev/reset", (c) => {
    controls.reset();
    return json(c, { ok: true });
  });

  // Ground truth for benchmarks: which population label each known account carries.
  app.get("/_dev/labels", (c) => {
    const out: Record<string, string> = {};
    for (const [id, entry] of dev.state.accounts) out[id] = entry.label;
    return json(c, out);
  });

  // When each account and status arrived and each webhook was acknowledged, on the wall clock.
  app.get("/_dev/timeline", (c) => json(c, controls.timeline()));

  // Every report the instance received, in the order filed, whoever filed it.
  app.get("/_dev/reports", (c) => json(c, dev.state.reports.map(devReportJson)));

  app.post("/_dev/reports/:id/resolve", async (c) => {
    const p = await body(c.req.raw, decisionSchema);
    const report = dev.state.report(c.req.param("id"));
    if (!report) throw errors.recordNotFound();
    const moderator = dev.state.fixedAccount("moderator").admin.id;
    const out = dev.state.transaction(() => {
      decide(dev, report, moderator, {
        resolved: true,
        actionTaken: p.action_taken,
        action: p.action,
      });
      const answer = adminReportJson(dev, report);
      dev.webhooks.enqueue("report.updated", answer);
      return answer;
    });
    return json(c, out);
  });

  return app;
}

/** One report as GET /_dev/reports lists it. */
export function devReportJson(r: ReportEntry) {
  return {
    id: r.id,
    target_account_id: r.targetAccountId,
    account_id: r.accountId,
    comment: r.comment,
    category: r.category,
    status_ids: r.statusIds,
    state: r.resolved ? "resolved" : "open",
    action_taken: r.actionTakenAt !== null,
    action: r.action,
    created_at: new Date(r.createdAt).toISOString(),
  };
}
