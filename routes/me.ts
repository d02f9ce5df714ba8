/** GET /api/v1/me: who is calling — the logged-in moderator and their session, or the API key. */
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../server/types.ts";

/** The route. */
export function meRoutes(deps: { auth: MiddlewareHandler<AppEnv> }) {
  const app = new Hono<AppEnv>();
  app.get("/api/v1/me", deps.auth, (c) => {
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
