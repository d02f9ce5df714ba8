/** The rules pages: GET /rules and GET /rules/:id for a browser; the JSON API answers the rest. */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { Island } from "../../components/island.tsx";
import { Layout } from "../../components/layout.tsx";
import { renderPage } from "../../components/render.ts";
import type { Sql } from "../../db/connect.ts";
import { getRule, listRules } from "../../db/rules.ts";
import RuleEditor from "../../islands/RuleEditor.tsx";
import { wantsHtml } from "../../server/auth.ts";
import type { AppEnv } from "../../server/types.ts";

/** The rules pages; requests that do not want HTML go on to the API. */
export function rulesPages(deps: {
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  csrf: (c: Context<AppEnv>) => string | undefined;
}) {
  const app = new Hono<AppEnv>();
  app.get("/rules", async (c, next) => {
    if (!wantsHtml(c)) return await next();
    const answer = await deps.auth(c, async () => {
      const rules = await listRules(deps.sql);
      const csrf = deps.csrf(c);
      c.res = c.html(renderPage(
        <Layout title="Rules" actor={c.get("actor")} csrf={csrf}>
          <h1>Rules</h1>
          <table>
            <thead>
              <tr>
                <th>Rule</th>
                <th>Detector</th>
                <th>Weight</th>
                <th>Mode</th>
                <th>Enabled</th>
                <th>Version</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`/rules/${r.id}`}>{r.name}</a>
                    <br />
                    <small>{r.description}</small>
                  </td>
                  <td>{r.detector_type}</td>
                  <td>{r.weight}</td>
                  <td>{r.mode}</td>
                  <td>
                    <form method="post" action={`/rules/${r.id}/toggle`}>
                      <input type="hidden" name="csrf" value={csrf ?? ""} />
                      <button type="submit" data-rule-toggle={r.id}>
                        {r.enabled ? "enabled" : "disabled"}
                      </button>
                    </form>
                  </td>
                  <td>{r.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Layout>,
      ));
    });
    return answer ?? c.res;
  });
  app.get("/rules/:id", async (c, next) => {
    if (!wantsHtml(c) || !/^\d+$/.test(c.req.param("id"))) return await next();
    const answer = await deps.auth(c, async () => {
      const rule = await getRule(deps.sql, c.req.param("id"));
      if (!rule) return void await next();
      const csrf = deps.csrf(c) ?? "";
      c.res = c.html(renderPage(
        <Layout title={rule.name} actor={c.get("actor")} csrf={csrf}>
          <h1>{rule.name}</h1>
          <p>{rule.description}</p>
          <p>
            Version {rule.version}, last changed by {rule.updated_by} at {rule.updated_at}
          </p>
          <Island
            name="RuleEditor"
            component={RuleEditor}
            props={{ id: rule.id, rule: rule as Record<string, unknown>, csrf }}
          />
        </Layout>,
      ));
    });
    return answer ?? c.res;
  });
  return app;
}
