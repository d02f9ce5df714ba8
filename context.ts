/** What every part of the service is given: configuration, storage, clock, metrics. */
import type { Kv } from "./kv/port.ts";
import type { Config } from "./config.ts";
import type { Sql } from "./db/connect.ts";
import type { Metrics } from "./server/metrics.ts";

/** The time, injected so that tests and the rules engine never read the system clock. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A dependency /healthz checks; `check` throws when it is down. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/** The service's shared context, built once by main.ts. */
export interface AppContext {
  config: Config;
  sql: Sql;
  kv: Kv;
  metrics: Metrics;
  clock: Clock;
  checks: HealthCheck[];
}
