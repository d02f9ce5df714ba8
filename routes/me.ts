/** GET /api/v1/me: who is calling — the logged-in moderator and their session, or the API key. */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";

const Me = z.union([
  z.object({ actor: z.literal("api-key"), kind: z.literal("api_key"), moderator: z.null() }),
  z.object({
    actor: z.string().describe("@acct of the moderator"),
    kind: z.literal("session"),
    moderator: z.object({ id: z.string(), acct: z.string(), role: z.string() }),
    session: z.object({
      expires_at: timestamp,
      idle_expires_at: timestamp,
      role_checked_at: timestamp,
    }),
  }),
]);

const me = describe({
  tags: ["auth"],
  summary: "Who is calling: the API key, or the moderator and their session",
  responses: { 200: Me },
});

/** The route. */
export function meRoutes(deps: { auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.get("/api/v1/me", deps.auth, me, (c) => {
    const m = c.get("moderator");
    if (!m) return c.json({ actor: c.get("actor"), kind: "api_key", moderator: null });
    return c.json({
      actor: c.get("actor"),
      kind: "session",
      moderator: { id: m.id, acct: m.acct, role: m.role },
      session: {
        expires_at: m.expiresAt.toISOString(),
        idle_expires_at: m.idleExpiresAt.toISOString(),
        role_checked_at: m.roleCheckedAt.toISOString(),
      },
    });
  });
  return app;
}
