/** GET / — the overview page: the figures of /analytics/overview and a 30-day timeline chart. */
import { Hono, type MiddlewareHandler } from "hono";
import { OverviewPage } from "../../components/overview.tsx";
import { timeline } from "../../db/analytics.ts";
import { page } from "../../server/negotiate.ts";
import { describe } from "../../server/openapi.ts";
import type { AppEnv } from "../../server/types.ts";
import type { SettingsReader } from "../../workflows/types.ts";
import { type OverviewDeps, readOverview } from "../analytics.ts";

const DAYS = 30;

const homeDoc = describe({
  tags: ["ui"],
  summary: "The overview page (the figures of /analytics/overview and a 30-day chart)",
  responses: { 200: { description: "The page", type: "text/html" } },
});

/** The overview page. */
export function homeRoutes(
  deps: OverviewDeps & {
    auth: MiddlewareHandler<AppEnv>;
    /** The live flags, read as the workflow reads them (dry-run defaults to the configuration). */
    settings: SettingsReader;
  },
) {
  const app = new Hono<AppEnv>();
  app.get("/", deps.auth, homeDoc, async (c) => {
    const [overview, points, flags] = await Promise.all([
      readOverview(deps),
      timeline(deps.sql, deps.now(), DAYS),
      deps.settings.read().catch(() => undefined),
    ]);
    return page(c, (viewer) => (
      <OverviewPage
        {...viewer}
        overview={overview}
        timeline={{ days: DAYS, points }}
        flags={flags}
      />
    ));
  });
  return app;
}
