/** Hono's typed context variables for every route. */

/** The moderator behind a UI session. */
export interface Moderator {
  id: string;
  acct: string;
  role: string;
  /** When the session ends at the latest, and when it ends if left idle. */
  expiresAt: Date;
  idleExpiresAt: Date;
  /** When Mastodon last confirmed the moderator's role. */
  roleCheckedAt: Date;
}

/** The variables routes read with `c.get()`. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** Who made the request: "api-key" or the moderator's acct; set by auth. */
    actor: string;
    /** The session's CSRF token for the page's forms; set by auth for a session. */
    csrf?: string;
    /** The moderator, when the request came with a session; set by auth. */
    moderator?: Moderator;
  };
};
