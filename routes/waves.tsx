/**
 * GET /waves (spam waves, newest first) and GET /waves/{id} (one wave): JSON for the API, a
 * page for a browser. Each wave carries suggested next steps, which are never acted on.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { WavePage, WavesPage } from "../components/waves.tsx";
import type { Sql } from "../db/connect.ts";
import { getWave, listWaves, type WaveView } from "../db/wave_views.ts";
import { HttpError } from "../server/errors.ts";
import { respond } from "../server/negotiate.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { intParam } from "../server/validate.ts";
import { suggestNextStep } from "../workflows/wave_suggestion.ts";

const waveId = z.string().regex(/^\d{1,18}$/, "must be a wave id (digits)");

const Shared = z.array(z.object({ sample: z.string(), accounts: z.number().int() }));
const Wave = z.object({
  id: z.string(),
  first_seen: timestamp,
  last_seen: timestamp,
  notified_at: timestamp.nullable().describe("when the wave's one notification was sent"),
  size: z.number().int().describe("accounts in the wave"),
  accounts: z.array(z.object({
    id: z.string(),
    acct: z.string(),
    domain: z.string().nullable(),
    last_score: z.number().nullable(),
  })).describe("the wave's accounts, the first 500"),
  shared: z.object({
    texts: Shared.describe("normalised texts, without links or mentions"),
    links: Shared.describe("links as host and path"),
    blurhashes: Shared,
    signup_addresses: z.number().int().describe("shared sign-up addresses (never shown)"),
  }),
  domains: z.array(z.object({ domain: z.string().nullable(), accounts: z.number().int() }))
    .describe("domain null: local accounts"),
  reports: z.object({
    filed: z.number().int(),
    accounts: z.number().int(),
    open: z.number().int(),
    actioned: z.number().int(),
    dismissed: z.number().int(),
  }),
  suggestions: z.array(z.string()).describe("suggested next steps; MastoWatch acts on none"),
});

const docs = {
  list: describe({
    tags: ["waves"],
    summary: "Spam waves: accounts that shared texts, links, images or sign-up addresses",
    query: z.object({
      limit: intParam(1, 100).default(20),
      cursor: waveId.optional().describe("the id of the last wave of the previous page"),
    }),
    page: true,
    responses: {
      200: {
        description: "The waves, newest first; a Link header (rel=next) points at older ones",
        schema: z.array(Wave),
      },
    },
  }),
  get: describe({
    tags: ["waves"],
    summary: "One spam wave with its accounts, what they share and a suggested next step",
    params: { id: waveId },
    page: true,
    responses: { 200: Wave },
    errors: [404],
  }),
};

function withSuggestions(w: WaveView) {
  return { ...w, suggestions: suggestNextStep(w) };
}

/** The waves routes. */
export function wavesRoutes(deps: { sql: Sql; auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.get("/waves", deps.auth, docs.list, async (c) => {
    const q = docs.list.query(c);
    const page = await listWaves(deps.sql, { limit: q.limit, cursor: q.cursor });
    const items = page.items.map(withSuggestions);
    const next = page.nextCursor ? `/waves?cursor=${page.nextCursor}&limit=${q.limit}` : null;
    if (next) c.header("Link", `<${next}>; rel="next"`);
    return respond(c, items, (viewer) => <WavesPage {...viewer} items={items} nextHref={next} />);
  });
  app.get("/waves/:id", deps.auth, docs.get, async (c) => {
    const id = docs.get.param(c, "id");
    const wave = await getWave(deps.sql, id);
    if (!wave) throw new HttpError(404, `No wave with id ${id}`);
    const body = withSuggestions(wave);
    return respond(c, body, (viewer) => <WavePage {...viewer} wave={body} />);
  });
  return app;
}
