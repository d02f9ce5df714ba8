/** Report endpoints: filing (POST /api/v1/reports) and the admin reports API. */
import { type Context, Hono } from "hono";
import { type Env, requireToken } from "./auth.ts";
import type { Dev } from "../context.ts";
import { PERMISSION } from "../entities.ts";
import { errors, json, pageParams, paginate, readParams, setLink } from "./http.ts";
import { adminReportJson, decide, fileReport, reportJson } from "./report_service.ts";
import type { ReportEntry } from "../state.ts";

/** The routes for reports, mounted at the root. */
export function reportRoutes(dev: Dev): Hono<Env> {
  const app = new Hono<Env>();

  const create = async (c: Context<Env>) => {
    const token = requireToken(c, dev.state, "write:reports");
    const params = await readParams(c.req.raw);
    // Committed before the answer: a report the reporter saw filed survives a crash.
    const entry = dev.state.transaction(() => {
      const filed = fileReport(dev, token.accountId, params);
      dev.webhooks.enqueue("report.created", adminReportJson(dev, filed));
      return filed;
    });
    return json(c, reportJson(dev, entry));
  };
  app.post("/api/v1/reports", create);
  app.post("/api/v1/reports/", create);

  app.get("/api/v1/admin/reports", (c) => {
    requireToken(c, dev.state, "admin:read:reports", PERMISSION.manageReports);
    const q = new URL(c.req.url).searchParams;
    const resolved = ["1", "true", "True"].includes(q.get("resolved") ?? "");
    const accountId = q.get("account_id");
    const targetId = q.get("target_account_id");
    const domain = q.get("by_target_domain");
    const rows = dev.state.reports.filter((r) =>
      r.resolved === resolved &&
      (!accountId || r.accountId === accountId) &&
      (!targetId || r.targetAccountId === targetId) &&
      (!domain || dev.state.accounts.get(r.targetAccountId)?.admin.domain === domain)
    );
    const page = pageParams(q, 100, 200);
    const out = paginate(rows, (r) => r.id, page).map((r) => adminReportJson(dev, r));
    setLink(c, out, page.limit);
    return json(c, out);
  });

  const find = (c: Context<Env>, write: boolean): { report: ReportEntry; moderatorId: string } => {
    const scope = write ? "admin:write:reports" : "admin:read:reports";
    const token = requireToken(c, dev.state, scope, PERMISSION.manageReports);
    const report = dev.state.report(c.req.param("id") ?? "");
    if (!report) throw errors.recordNotFound();
    return { report, moderatorId: token.accountId };
  };

  app.get("/api/v1/admin/reports/:id", (c) => json(c, adminReportJson(dev, find(c, false).report)));

  const transitions: Record<string, (r: ReportEntry, moderatorId: string) => void> = {
    resolve: (r, m) => decide(dev, r, m, { resolved: true, actionTaken: true }),
    reopen: (r, m) => decide(dev, r, m, { resolved: false, actionTaken: false }),
    assign_to_self: (r, m) => (r.assignedAccountId = m),
    unassign: (r) => (r.assignedAccountId = null),
  };
  for (const [name, apply] of Object.entries(transitions)) {
    app.post(`/api/v1/admin/reports/:id/${name}`, (c) => {
      const { report, moderatorId } = find(c, true);
      const body = dev.state.transaction(() => {
        apply(report, moderatorId);
        report.updatedAt = dev.now();
        dev.state.saveReport(report);
        const out = adminReportJson(dev, report);
        if (name === "resolve" || name === "reopen") dev.webhooks.enqueue("report.updated", out);
        return out;
      });
      return json(c, body);
    });
  }

  return app;
}
