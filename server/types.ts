/** Hono's typed context variables for every route. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** Who made the request: "api-key" or the moderator's acct; set by auth. */
    actor: string;
  };
};
