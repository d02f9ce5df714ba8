/**
 * The development server's settings from the environment, shared by `deno task devserver` and
 * `deno task dev`: one schema, one clear message per bad variable.
 */
import { z } from "zod";
import type { StartOptions } from "./main.ts";

const flag = z.enum(["true", "false", "1", "0", ""]).default("false")
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  DEVSERVER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DEVSERVER_HOST: z.string().min(1).default("127.0.0.1"),
  DEVSERVER_SEED: z.coerce.number().int().default(42),
  DEVSERVER_WEBHOOK_URL: z.url().optional(),
  DEVSERVER_WEBHOOK_SECRET: z.string().optional(),
  DEVSERVER_ARRIVAL_SPEED: z.coerce.number().positive().default(60),
  DEVSERVER_ARRIVAL_DELAY: z.coerce.number().min(0).max(3600).default(0),
  DEVSERVER_BASE_TIME: z.iso.datetime().optional(),
  DEVSERVER_RATE_LIMIT: z.coerce.number().int().positive().default(300),
  DEVSERVER_RATE_LIMIT_PERIOD: z.coerce.number().int().positive().default(300),
  DEVSERVER_ORDINARY_ACCOUNTS: z.coerce.number().int().min(0).max(100_000).optional(),
  DEVSERVER_HARD_CASES: flag,
  DEVSERVER_DATA_DIR: z.string().min(1).default("./data/devserver"),
  DEVSERVER_RESET: flag,
});

/** The parsed settings. */
export type DevServerEnv = z.infer<typeof envSchema>;

/** A bad development-server setting; the message names each one. */
export class DevServerEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DevServerEnvError";
  }
}

/** Parses the settings; empty values count as unset. */
export function readDevServerEnv(env: Record<string, string | undefined>): DevServerEnv {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith("DEVSERVER_") && v !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new DevServerEnvError(`Invalid development server settings:\n  ${lines.join("\n  ")}`);
}

/** The start options these settings describe (realtime arrivals, as a live server). */
export function startOptions(
  env: DevServerEnv,
  newBaseTime: (firstStartMs: number) => number,
): StartOptions {
  const baseTime = env.DEVSERVER_BASE_TIME ? Date.parse(env.DEVSERVER_BASE_TIME) : undefined;
  return {
    port: env.DEVSERVER_PORT,
    hostname: env.DEVSERVER_HOST,
    seed: env.DEVSERVER_SEED,
    webhookUrl: env.DEVSERVER_WEBHOOK_URL,
    webhookSecret: env.DEVSERVER_WEBHOOK_SECRET,
    arrivals: "realtime",
    arrivalSpeed: env.DEVSERVER_ARRIVAL_SPEED,
    arrivalDelayMs: env.DEVSERVER_ARRIVAL_DELAY * 1000,
    rateLimit: env.DEVSERVER_RATE_LIMIT,
    rateLimitPeriodMs: env.DEVSERVER_RATE_LIMIT_PERIOD * 1000,
    population: {
      baseTime,
      hardCases: env.DEVSERVER_HARD_CASES,
      ordinaryAccounts: env.DEVSERVER_ORDINARY_ACCOUNTS,
    },
    // A new world's timestamps are all in the past, as on a real server.
    newBaseTime: baseTime === undefined ? newBaseTime : undefined,
    dataDir: env.DEVSERVER_DATA_DIR,
    reset: env.DEVSERVER_RESET,
  };
}
