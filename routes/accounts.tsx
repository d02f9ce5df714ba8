/**
 * GET /accounts (accounts seen, filtered, in the order asked: highest score first by default)
 * and GET /accounts/:id (the analyses with their evidence, the statuses read, our reports and
 * their outcomes, the runs). JSON for the API, a page for a browser.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { AccountPage } from "../components/account.tsx";
import { AccountsPage } from "../components/accounts.tsx";
import { type AccountRow, getAccount } from "../db/accounts.ts";
import { ACCOUNT_SORTS, type AccountSort, listAccountsFiltered } from "../db/account_list.ts";
import { accountDetail } from "../db/account_page.ts";
import type { Sql } from "../db/connect.ts";
import { HttpError } from "../server/errors.ts";
import { blank, dateOrTime } from "../server/form_query.ts";
import { respond } from "../server/negotiate.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { boolParam, idParam, intParam, numberParam, textParam } from "../server/validate.ts";
import { type Run, RunSchema } from "../workflows/types.ts";

/** What the account routes need; `runsFor` lists an account's workflow runs. */
export interface AccountDeps {
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  runsFor: (accountId: string) => Promise<Run[]>;
  /** The Mastodon server's base URL, for links to its admin pages. */
  instanceBase?: string;
}

const listQuery = z.object({
  limit: intParam(1, 500).default(50),
  // The id of the last account of the previous page.
  cursor: idParam.optional(),
  domain: blank(textParam(253)),
  min_score: blank(numberParam(-1e9, 1e9)),
  max_score: blank(numberParam(-1e9, 1e9)),
  reported: blank(boolParam),
  origin: blank(z.enum(["local", "remote"], { message: 'must be "local" or "remote"' })),
  since: blank(dateOrTime),
  sort: blank(
    z.enum(Object.keys(ACCOUNT_SORTS) as [AccountSort, ...AccountSort[]], {
      message: `must be one of ${Object.keys(ACCOUNT_SORTS).join(", ")}`,
    }),
  ),
});

const Account = z.object({
  id: z.string(),
  acct: z.string(),
  username: z.string(),
  domain: z.string().nullable().describe("null for a local account"),
  display_name: z.string(),
  url: z.unknown().describe("the account's profile URL at its server, when known"),
  first_seen_at: timestamp,
  last_seen_at: timestamp,
  last_score: z.number().nullable(),
  last_analysis_at: timestamp.nullable(),
});
const Analysis = z.looseObject({
  id: z.string(),
  runId: z.string(),
  score: z.number(),
  shadowScore: z.number(),
  hits: z.array(z.unknown()),
  dryRun: z.boolean(),
  createdAt: timestamp,
});
const Report = z.looseObject({
  id: z.string(),
  mastodonReportId: z.string().nullable(),
  category: z.string(),
  comment: z.string(),
  state: z.enum(["open", "resolved"]),
  createdAt: timestamp,
});

const listDoc = describe({
  tags: ["accounts"],
  summary: "Accounts seen, filtered, in the order asked (highest score first by default)",
  query: listQuery,
  page: true,
  responses: {
    200: z.object({
      sort: z.string(),
      sort_order: z.string(),
      items: z.array(Account.extend({ reports: z.number().int() })),
      next_cursor: z.string().nullable().describe("pass as cursor for the next page"),
    }),
  },
});

const detailDoc = describe({
  tags: ["accounts"],
  summary: "One account: its analyses with evidence, statuses read, our reports, its runs",
  params: { id: idParam },
  page: true,
  responses: {
    200: z.object({
      account: Account,
      latest_analysis: Analysis.nullable(),
      analyses: z.array(Analysis),
      reports: z.array(Report),
      statuses: z.array(z.looseObject({ id: z.string() })),
      runs: z.array(RunSchema),
    }),
  },
  errors: [404],
});

const FILTER_KEYS = ["min_score", "max_score", "reported", "domain", "origin", "since"] as const;

/** The account routes. */
export function accountRoutes(deps: AccountDeps) {
  const app = new Hono<AppEnv>();
  app.get("/accounts", deps.auth, listDoc, async (c) => {
    const q = listDoc.query(c);
    const sort = q.sort ?? "score";
    const page = await listAccountsFiltered(deps.sql, {
      limit: q.limit,
      cursor: q.cursor,
      domain: q.domain,
      minScore: q.min_score,
      maxScore: q.max_score,
      reported: q.reported,
      origin: q.origin,
      since: q.since,
      sort,
    });
    const body = {
      sort,
      sort_order: ACCOUNT_SORTS[sort],
      items: page.items.map((a) => ({ ...accountJson(a), reports: a.reports })),
      next_cursor: page.nextCursor ?? null,
    };
    const raw = c.req.query();
    const filter = Object.fromEntries(FILTER_KEYS.map((k) => [k, raw[k] ?? ""]));
    const next = new URL(c.req.url);
    if (page.nextCursor) next.searchParams.set("cursor", page.nextCursor);
    return respond(c, body, (viewer) => (
      <AccountsPage
        {...viewer}
        filter={filter}
        sort={sort}
        items={body.items}
        nextHref={page.nextCursor ? `${next.pathname}${next.search}` : null}
      />
    ));
  });

  app.get("/accounts/:id", deps.auth, detailDoc, async (c) => {
    const id = detailDoc.param(c, "id");
    const account = await getAccount(deps.sql, id);
    if (!account) throw new HttpError(404, `Account ${id} has not been seen by MastoWatch`);
    const [detail, runs] = await Promise.all([
      accountDetail(deps.sql, id),
      deps.runsFor(id),
    ]);
    const json = accountJson(account);
    const body = {
      account: json,
      latest_analysis: detail.analyses[0] ?? null,
      analyses: detail.analyses,
      reports: detail.reports,
      statuses: detail.statuses,
      runs,
    };
    return respond(c, body, (viewer) => (
      <AccountPage
        {...viewer}
        account={json}
        analyses={detail.analyses}
        reports={detail.reports}
        statuses={detail.statuses}
        rules={detail.rules}
        runs={runs}
        instanceBase={deps.instanceBase}
      />
    ));
  });
  return app;
}

/** The API shape of a stored account. */
export function accountJson(a: AccountRow) {
  return {
    id: a.id,
    acct: a.acct,
    username: a.username,
    domain: a.domain,
    display_name: a.displayName,
    url: typeof a.data?.account === "object" && a.data.account !== null
      ? (a.data.account as Record<string, unknown>).url ?? null
      : null,
    first_seen_at: a.firstSeenAt,
    last_seen_at: a.lastSeenAt,
    last_score: a.lastScore,
    last_analysis_at: a.lastAnalysisAt,
  };
}
