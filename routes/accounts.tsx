/**
 * GET /accounts (accounts seen, highest score first) and GET /accounts/:id (latest analysis with
 * its evidence, our reports and their outcomes, the account's runs). JSON for the API, a page
 * for a browser.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { getAccount, listAccounts } from "../db/accounts.ts";
import { listAnalysesByAccount } from "../db/analyses.ts";
import type { Sql } from "../db/connect.ts";
import { listReportsByAccount } from "../db/reports.ts";
import { AccountPage, AccountsPage } from "../components/accounts.tsx";
import { renderPage } from "../components/render.ts";
import { wantsHtml } from "../server/auth.ts";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";
import {
  idParam,
  intParam,
  numberParam,
  readParam,
  readQuery,
  textParam,
} from "../server/validate.ts";

/** What the account routes need; `runsFor` lists an account's workflow runs. */
export interface AccountDeps {
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  runsFor: (accountId: string) => Promise<unknown[]>;
  csrf: (c: import("hono").Context<AppEnv>) => string | undefined;
}

const listQuery = z.object({
  limit: intParam(1, 500).default(50),
  // The id of the last account of the previous page.
  cursor: idParam.optional(),
  domain: textParam(253).optional(),
  min_score: numberParam(-1e9, 1e9).optional(),
});

/** The account routes. */
export function accountRoutes(deps: AccountDeps) {
  const app = new Hono<AppEnv>();
  app.get("/accounts", deps.auth, async (c) => {
    const q = readQuery(c, listQuery);
    const page = await listAccounts(deps.sql, {
      limit: q.limit,
      cursor: q.cursor,
      domain: q.domain,
      minScore: q.min_score,
    });
    const body = { items: page.items.map(accountJson), next_cursor: page.nextCursor ?? null };
    if (wantsHtml(c)) {
      return c.html(renderPage(<AccountsPage actor={c.get("actor")} {...body} />));
    }
    return c.json(body);
  });

  app.get("/accounts/:id", deps.auth, async (c) => {
    const id = readParam(c, "id", idParam);
    const account = await getAccount(deps.sql, id);
    if (!account) throw new HttpError(404, `Account ${id} has not been seen by MastoWatch`);
    const [analyses, reports, runs] = await Promise.all([
      listAnalysesByAccount(deps.sql, id, { limit: 20 }),
      listReportsByAccount(deps.sql, id, { limit: 20 }),
      deps.runsFor(id),
    ]);
    const body = {
      account: accountJson(account),
      latest_analysis: analyses.items[0] ?? null,
      analyses: analyses.items,
      reports: reports.items,
      runs,
    };
    if (wantsHtml(c)) {
      return c.html(
        renderPage(<AccountPage actor={c.get("actor")} csrf={deps.csrf(c)} {...body} />),
      );
    }
    return c.json(body);
  });
  return app;
}

/** The API shape of a stored account. */
export function accountJson(a: Awaited<ReturnType<typeof getAccount>> & object) {
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
