/** GET / — the overview page: what MastoWatch is doing right now. */
import { Hono } from "hono";
import { Layout } from "../../components/layout.tsx";
import { renderPage } from "../../components/render.ts";
import type { Sql } from "../../db/connect.ts";
import type { AppEnv } from "../../server/types.ts";

interface Counts {
  accounts: number;
  analyses: number;
  reports: number;
}

async function counts(sql: Sql): Promise<Counts | undefined> {
  try {
    const [row] = await sql<Counts[]>`SELECT
      (SELECT count(*)::int FROM accounts) AS accounts,
      (SELECT count(*)::int FROM analyses) AS analyses,
      (SELECT count(*)::int FROM reports) AS reports`;
    return row;
  } catch {
    return undefined;
  }
}

/** The overview page. */
export function homeRoutes(deps: { sql: Sql }) {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    const n = await counts(deps.sql);
    const page = (
      <Layout title="Overview">
        <h1>Overview</h1>
        {n
          ? (
            <table>
              <tbody>
                <tr>
                  <th>Accounts seen</th>
                  <td>{n.accounts}</td>
                </tr>
                <tr>
                  <th>Analyses</th>
                  <td>{n.analyses}</td>
                </tr>
                <tr>
                  <th>Reports filed</th>
                  <td>{n.reports}</td>
                </tr>
              </tbody>
            </table>
          )
          : <p>The database is not reachable yet; see /healthz.</p>}
      </Layout>
    );
    return c.html(renderPage(page));
  });
  return app;
}
