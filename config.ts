/**
 * Configuration, read once from the environment: parsed with zod, defaults applied, checked
 * for the mode the process runs in, secrets kept apart. Nothing else reads `Deno.env`.
 */
import { z } from "zod";
import project from "./deno.json" with { type: "json" };

/** The version deno.json declares: the default of VERSION (shown in the User-Agent and /config). */
export const VERSION: string = project.version;

/** How the process runs: production refuses to start without a Mastodon server to watch. */
export type Mode = "production" | "dev" | "test";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) =>
  v === "true" || v === "1" || v === "yes"
);
const seconds = (fallback: number) => z.coerce.number().positive().max(86_400).default(fallback);
const url = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""));
const logLevel = z.enum(["trace", "debug", "info", "warning", "error", "fatal"]);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  KV_PATH: z.string().min(1).optional(),
  QUEUE: z.enum(["kv", "postgres"], {
    error: (i) => `must be kv or postgres, not ${JSON.stringify(i.input)}`,
  }).default("kv"),
  INSTANCE_BASE: url.optional(),
  MASTODON_ADMIN_TOKEN: z.string().min(1).optional(),
  MASTODON_REPORTER_TOKEN: z.string().min(1).optional(),
  MASTODON_CLIENT_SECRET: z.string().min(1).optional(),
  API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  WEBHOOK_SECRET: z.string().min(8, "must be at least 8 characters").optional(),
  OAUTH_CLIENT_ID: z.string().min(1).optional(),
  OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  VERSION: z.string().regex(/^[0-9A-Za-z.+-]{1,64}$/, "must look like 0.1.0").default(VERSION),
  USER_AGENT: z.string().min(1).optional(),
  HTTP_TIMEOUT: seconds(30),
  MIN_MASTODON_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, "must look like 4.0.0").default(
    "4.0.0",
  ),
  POLL_ADMIN_ACCOUNTS_INTERVAL: seconds(30),
  POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL: seconds(30),
  QUEUE_STATS_INTERVAL: seconds(15),
  OUTCOMES_INTERVAL: seconds(300),
  REMOTE_STREAM: bool.default(true),
  API_BUDGET_RESERVE: z.coerce.number().min(0).max(0.9).default(0.2),
  YOUNG_ACCOUNT_DAYS: z.coerce.number().min(0).max(3650).default(7),
  YOUNG_RECHECK_INTERVAL: seconds(120),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  REPORT_THRESHOLD: z.coerce.number().positive().default(1),
  REPORT_FORWARD_REMOTE: bool.default(false),
  REPORT_DAILY_BUDGET: z.coerce.number().int().min(0).default(200),
  REPORT_DOMAIN_DAILY_BUDGET: z.coerce.number().int().min(0).default(50),
  REPORT_FOLLOWUP_HOURS: z.coerce.number().min(0).max(24 * 90).default(24),
  REPORT_BACKLOG_LIMIT: z.coerce.number().int().min(0).max(100_000).default(250),
  DRY_RUN: bool.default(false),
  SLACK_WEBHOOKS: z.string().optional(),
  UI_ORIGIN: url.optional(),
  LOG_LEVEL: logLevel.default("info"),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SKIP_STARTUP_VALIDATION: bool.default(false),
});

const slackSchema = z.record(z.string().min(1), url);

/** Values that must never reach a log line, /config or the UI. */
export interface Secrets {
  adminToken?: string;
  reporterToken?: string;
  apiKey?: string;
  webhookSecret?: string;
  oauthClientSecret?: string;
  sessionSecret?: string;
  slackWebhooks: Record<string, string>;
}

/** The validated configuration, secrets apart. */
export interface Config {
  mode: Mode;
  version: string;
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  kvPath: string;
  /** Where workflow state and the queue live: Deno KV (one process) or PostgreSQL (N). */
  queue: "kv" | "postgres";
  instanceBase?: string;
  oauthClientId?: string;
  userAgent: string;
  httpTimeoutMs: number;
  minMastodonVersion: string;
  pollRemoteSeconds: number;
  pollLocalSeconds: number;
  queueStatsSeconds: number;
  outcomesSeconds: number;
  /** Share of the admin token's rate-limit window never used, left to people. */
  apiBudgetReserve: number;
  /** Follow Mastodon's public:remote stream for remote statuses. */
  remoteStream: boolean;
  /** Accounts created, or first seen, this recently are watched for new remote statuses. */
  youngAccountMs: number;
  youngRecheckSeconds: number;
  retentionDays: number;
  reportThreshold: number;
  forwardRemote: boolean;
  reportDailyBudget: number;
  reportDomainDailyBudget: number;
  reportFollowUpHours: number;
  /** Open reports at Mastodon (everyone's) at or above which new reports wait; 0 = no limit. */
  reportBacklogLimit: number;
  dryRunDefault: boolean;
  uiOrigin?: string;
  logLevel: z.infer<typeof logLevel>;
  maxBodyBytes: number;
  skipStartupValidation: boolean;
  secrets: Secrets;
}

/** Raised when the environment holds invalid or missing settings; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads the configuration from `env`; returns it with deprecation warnings, or throws. */
export function loadConfig(
  env: Record<string, string | undefined>,
  mode: Mode,
): { config: Config; warnings: string[] } {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(clean);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];
  let adminToken = e.MASTODON_ADMIN_TOKEN;
  let reporterToken = e.MASTODON_REPORTER_TOKEN;
  if (e.MASTODON_CLIENT_SECRET) {
    warnings.push(
      "MASTODON_CLIENT_SECRET is deprecated: set MASTODON_ADMIN_TOKEN (and MASTODON_REPORTER_TOKEN)",
    );
    adminToken ??= e.MASTODON_CLIENT_SECRET;
    reporterToken ??= e.MASTODON_CLIENT_SECRET;
  }
  reporterToken ??= adminToken;
  let slackWebhooks: Record<string, string> = {};
  if (e.SLACK_WEBHOOKS) {
    try {
      const s = slackSchema.safeParse(JSON.parse(e.SLACK_WEBHOOKS));
      if (s.success) slackWebhooks = s.data;
      else problems.push("SLACK_WEBHOOKS: must map event names to http(s) webhook URLs");
    } catch {
      problems.push("SLACK_WEBHOOKS: is not valid JSON");
    }
  }
  if (mode === "production") {
    if (!e.INSTANCE_BASE) problems.push("INSTANCE_BASE: required (the Mastodon server's URL)");
    if (!adminToken) problems.push("MASTODON_ADMIN_TOKEN: required (an admin access token)");
    const oauth = e.OAUTH_CLIENT_ID && e.OAUTH_CLIENT_SECRET && e.SESSION_SECRET;
    if (!e.API_KEY && !oauth) {
      problems.push(
        "API_KEY: required unless OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET and SESSION_SECRET are set",
      );
    }
    if (e.OAUTH_CLIENT_ID && !e.SESSION_SECRET) {
      problems.push("SESSION_SECRET: required when OAUTH_CLIENT_ID is set");
    }
  }
  if (e.QUEUE === "postgres" && !e.DATABASE_URL) {
    problems.push("QUEUE: postgres needs DATABASE_URL (the embedded PGlite serves one process)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config: Config = {
    mode,
    version: e.VERSION,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    kvPath: e.KV_PATH ?? `${e.DATA_DIR}/kv.sqlite3`,
    queue: e.QUEUE,
    instanceBase: e.INSTANCE_BASE,
    oauthClientId: e.OAUTH_CLIENT_ID,
    userAgent: e.USER_AGENT ?? `MastoWatch/${e.VERSION} (+moderation-sidecar)`,
    httpTimeoutMs: e.HTTP_TIMEOUT * 1000,
    minMastodonVersion: e.MIN_MASTODON_VERSION,
    pollRemoteSeconds: e.POLL_ADMIN_ACCOUNTS_INTERVAL,
    pollLocalSeconds: e.POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL,
    queueStatsSeconds: e.QUEUE_STATS_INTERVAL,
    outcomesSeconds: e.OUTCOMES_INTERVAL,
    remoteStream: e.REMOTE_STREAM,
    apiBudgetReserve: e.API_BUDGET_RESERVE,
    youngAccountMs: e.YOUNG_ACCOUNT_DAYS * 86_400_000,
    youngRecheckSeconds: e.YOUNG_RECHECK_INTERVAL,
    retentionDays: e.RETENTION_DAYS,
    reportThreshold: e.REPORT_THRESHOLD,
    forwardRemote: e.REPORT_FORWARD_REMOTE,
    reportDailyBudget: e.REPORT_DAILY_BUDGET,
    reportDomainDailyBudget: e.REPORT_DOMAIN_DAILY_BUDGET,
    reportFollowUpHours: e.REPORT_FOLLOWUP_HOURS,
    reportBacklogLimit: e.REPORT_BACKLOG_LIMIT,
    dryRunDefault: e.DRY_RUN,
    uiOrigin: e.UI_ORIGIN,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    skipStartupValidation: e.SKIP_STARTUP_VALIDATION,
    secrets: {
      adminToken,
      reporterToken,
      apiKey: e.API_KEY,
      webhookSecret: e.WEBHOOK_SECRET,
      oauthClientSecret: e.OAUTH_CLIENT_SECRET,
      sessionSecret: e.SESSION_SECRET,
      slackWebhooks,
    },
  };
  return { config, warnings };
}

/** The configuration without its secrets, for /config and start-up logs. */
export function publicConfig(config: Config): Record<string, unknown> {
  const { secrets, ...rest } = config;
  return {
    ...rest,
    databaseUrl: config.databaseUrl ? redactUrl(config.databaseUrl) : "embedded PGlite",
    secretsSet: {
      adminToken: Boolean(secrets.adminToken),
      reporterToken: Boolean(secrets.reporterToken),
      apiKey: Boolean(secrets.apiKey),
      webhookSecret: Boolean(secrets.webhookSecret),
      oauthClientSecret: Boolean(secrets.oauthClientSecret),
      sessionSecret: Boolean(secrets.sessionSecret),
    },
    slackEvents: Object.keys(secrets.slackWebhooks),
  };
}

function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "***";
  }
}
