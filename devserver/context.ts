/** The collaborators every route of the development server shares. */
import type { Budgets } from "./api/budgets.ts";
import type { Json } from "./entities.ts";
import type { Faults } from "./faults.ts";
import type { DevState } from "./state.ts";
import type { Stats } from "./stats.ts";
import type { WebhookQueue } from "./webhooks.ts";
import type { StreamHub } from "./streams.ts";

/** Shared state and services of one development server. */
export interface Dev {
  /** The world: accounts, statuses, reports, credentials (replaced on reset). */
  state: DevState;
  stats: Stats;
  faults: Faults;
  /** Mastodon's three API throttles. */
  limiter: Budgets;
  webhooks: WebhookQueue;
  /** Subscribers of the streaming API. */
  streams: StreamHub;
  now: () => number;
  /** Origin used in entity URLs, e.g. http://localhost:3000. */
  base: string;
  rules: Json[];
}
