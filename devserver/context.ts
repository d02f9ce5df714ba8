/** The collaborators every route of the development server shares. */
import type { RateLimiter } from "./api/auth.ts";
import type { Json } from "./entities.ts";
import type { Faults } from "./faults.ts";
import type { DevState, TokenInfo } from "./state.ts";
import type { Stats } from "./stats.ts";
import type { WebhookQueue } from "./webhooks.ts";

/** An OAuth authorization code waiting to be exchanged. */
export interface OAuthCode {
  user: "moderator" | "member";
  scope: string;
  redirectUri: string;
}

/** Shared state and services of one development server. */
export interface Dev {
  state: DevState;
  tokens: Map<string, TokenInfo>;
  stats: Stats;
  faults: Faults;
  limiter: RateLimiter;
  webhooks: WebhookQueue;
  now: () => number;
  /** Origin used in entity URLs, e.g. http://localhost:3000. */
  base: string;
  rules: Json[];
  oauthCodes: Map<string, OAuthCode>;
  /** Issues a random-looking but seeded token string. */
  newSecret: () => string;
}
