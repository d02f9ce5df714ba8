/** GET /logs: the audit log, filtered by account, rule, action and time, one page at a time. */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { AuditLogPage } from "../components/audit_log.tsx";
import { renderPage } from "../components/render.ts";
import { wantsHtml } from "../server/auth.ts";
import { z } from "zod";
import { listAudit } from "../db/audit.ts";
import type { Sql } from "../db/connect.ts";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";
import { readQuery } from "../server/validate.ts";

const logsQuery = z.object({
  account_id: z.string().min(1).optional(),
  rule: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
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
    let page;
    try {
      page = await listAudit(deps.sql, {
        accountId: q.account_id,
        rule: q.rule,
        action: q.action,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      });
    } catch (err) {
      if (err instanceof RangeError) throw new HttpError(400, `Invalid cursor: ${err.message}`);
      throw err;
    }
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
