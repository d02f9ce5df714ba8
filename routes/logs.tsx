/** GET /logs: the audit log, filtered by account, rule, action and time, one page at a time. */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { AuditLogPage } from "../components/audit_log.tsx";
import { decodeCursor, listAudit } from "../db/audit.ts";
import type { Sql } from "../db/connect.ts";
import { blank, dateOrTime } from "../server/form_query.ts";
import { respond } from "../server/negotiate.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { idParam, intParam, textParam } from "../server/validate.ts";

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
  account_id: blank(idParam),
  rule: blank(textParam()),
  action: blank(textParam(100)),
  since: blank(dateOrTime),
  until: blank(dateOrTime),
  limit: intParam(1, 500).default(50),
  cursor: cursor.optional(),
});

const logsDoc = describe({
  tags: ["audit"],
  summary: "The audit log, newest first, filtered by account, rule, action and time",
  query: logsQuery,
  page: true,
  responses: {
    200: z.object({
      items: z.array(z.object({
        id: z.string(),
        at: timestamp,
        action: z.string(),
        actor: z.string(),
        account_id: z.string().nullable(),
        run_id: z.string().nullable(),
        rule_names: z.array(z.string()),
        details: z.record(z.string(), z.unknown()),
      })),
      next_cursor: z.string().nullable().describe("pass as cursor for the next page"),
    }),
  },
});

const FILTERS = ["account_id", "rule", "action", "since", "until"] as const;

/** The audit log route. */
export function logsRoutes(deps: { sql: Sql; auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.get("/logs", deps.auth, logsDoc, async (c) => {
    const q = logsDoc.query(c);
    const page = await listAudit(deps.sql, {
      accountId: q.account_id,
      rule: q.rule,
      action: q.action,
      since: q.since,
      until: q.until,
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
    const url = new URL(c.req.url);
    const raw = c.req.query();
    const filter = Object.fromEntries(FILTERS.map((k) => [k, raw[k] ?? ""]));
    const first = q.cursor ? withCursor(url, undefined) : null;
    const next = page.nextCursor ? withCursor(url, page.nextCursor) : null;
    return respond(
      c,
      body,
      (viewer) => (
        <AuditLogPage {...viewer} filter={filter} items={page.items} next={next} first={first} />
      ),
    );
  });
  return app;
}

function withCursor(url: URL, cursor: string | undefined): string {
  const u = new URL(url);
  if (cursor) u.searchParams.set("cursor", cursor);
  else u.searchParams.delete("cursor");
  return `${u.pathname}${u.search}`;
}
