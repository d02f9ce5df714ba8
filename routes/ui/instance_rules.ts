/**
 * GET /api/v1/instance/rules: the Mastodon server's own rules (id and text), which a violation
 * rule cites in its reports; fetched with the admin token and kept for a few minutes.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { HttpError } from "../../server/errors.ts";
import { describe } from "../../server/openapi.ts";
import type { AppEnv } from "../../server/types.ts";

const CACHE_MS = 5 * 60_000;

/** Where the rules come from: the server's description (GET /api/v2/instance). */
export type InstanceRulesSource = () => Promise<
  { rules: { id: string; text: string; hint?: string }[] }
>;

const rulesDoc = describe({
  tags: ["rules"],
  summary: "The Mastodon server's own rules, which a violation rule cites in its reports",
  responses: {
    200: z.object({
      rules: z.array(z.object({ id: z.string(), text: z.string(), hint: z.string().optional() })),
    }),
  },
  errors: [502, 503],
});

/** The route; without a Mastodon configured it answers 503. */
export function instanceRulesRoutes(deps: {
  auth: MiddlewareHandler<AppEnv>;
  instance?: InstanceRulesSource;
  now?: () => number;
}) {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? Date.now;
  let cached: { at: number; rules: { id: string; text: string; hint?: string }[] } | undefined;
  app.get("/api/v1/instance/rules", deps.auth, rulesDoc, async (c) => {
    if (!deps.instance) throw new HttpError(503, "No Mastodon server is configured");
    if (!cached || now() - cached.at > CACHE_MS) {
      try {
        const { rules } = await deps.instance();
        cached = { at: now(), rules: rules.map((r) => ({ id: r.id, text: r.text, hint: r.hint })) };
      } catch (err) {
        throw new HttpError(502, `Mastodon did not list its rules: ${(err as Error).message}`);
      }
    }
    return c.json({ rules: cached.rules });
  });
  return app;
}
