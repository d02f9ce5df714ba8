/** GET /logs: the audit log, filtered by account, rule, action and time, one page at a time. */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { AuditLogPage } from "../components/audit_log.tsx";
import { renderPage } from "../components/render.ts";
import { wantsHtml } from "../server/auth.ts";
import { z } from "zod";
import { decodeCursor, listAudit } from "../db/audit.ts";
import type { Sql } from "../db/connect.ts";
import type { AppEnv } from "../server/types.ts";
import { idParam, intParam, readQuery, textParam } from "../server/validate.ts";

// The cursor is ours (time and row id of the last row); a forged one must not reach the query.
const cursor = z.string().max(200).refine((v) => {
  try {
    const { at, id } = decodeCursor(v);
    return /^\d{1,18}$/.test(id) && /^\d{4}-/.test(at.toISOString());
  } catch {
    return false;
  }
}, "is not a cursor this log gave out");

const logsQuery = z.object({
  account_id: idParam.optional(),
  rule: textParam().optional(),
  action: textParam(100).optional(),
  since: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time" }).optional(),
  until: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time" }).optional(),
  limit: intParam(1, 500).default(50),
  cursor: cursor.optional(),
});

/** The audit log route. */
export function logsRoutes(deps: {
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  csrf?: (c: Context<AppEnv>) => string | undefined;
}) {
  const app = new Hono<AppEnv>();
  app.get("/logs", deps.auth, async (c) => {
    const q = readQuery(c, logsQuery);
    const page = await listAudit(deps.sql, {
      accountId: q.account_id,
      rule: q.rule,
      action: q.action,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      limit: q.limit,
      cursor: q.cursor,
    });
    const body = {
      items: page.items.map((r) => ({
        id: r.id,
        at: r.at,
        action: r.action,
        actor: r.actor,
        account_id: r.accountId,
        run_id: r.runId,
        rule_names: r.ruleNames,
        details: r.details,
      })),
      next_cursor: page.nextCursor ?? null,
    };
    if (wantsHtml(c)) {
      const url = new URL(c.req.url);
      if (page.nextCursor) url.searchParams.set("cursor", page.nextCursor);
      const next = page.nextCursor ? `${url.pathname}${url.search}` : null;
      return c.html(renderPage(
        <AuditLogPage
          actor={c.get("actor")}
          csrf={deps.csrf?.(c)}
          items={page.items}
          next={next}
        />,
      ));
    }
    return c.json(body);
  });
  return app;
}
