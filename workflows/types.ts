/** The shapes the workflow keeps in KV and the dependencies every step is given. */
import type { Kv } from "../kv/port.ts";
import { z } from "zod";
import type { Sql } from "../db/connect.ts";
import type { Clock } from "../context.ts";
import type { Mastodon } from "../mastodon/client.ts";
import type { Settings } from "../db/settings.ts";
import type { RuleSet } from "./engine.ts";

/** The steps of a run, in order. */
export const STEPS = ["fetch_context", "score", "report", "notify", "audit"] as const;
/** One step of a run. */
export type Step = (typeof STEPS)[number];

/** Every state a run can be in. */
export const RUN_STATES = [
  "queued",
  ...STEPS,
  "done",
  "skipped",
  "waiting",
  "failed",
] as const;
/** A state of a run: a step to run next, or where it rests. */
export type RunState = (typeof RUN_STATES)[number];

/** States in which a run no longer holds its account. */
export const TERMINAL: ReadonlySet<RunState> = new Set(["done", "skipped", "failed"]);

/** What the report step decided. */
export const DECISIONS = [
  "reported",
  "already_reported",
  "skipped_below_threshold",
  "skipped_shadow",
  "skipped_dry_run",
  "waiting_budget",
  "waiting_backlog",
] as const;
/** One decision of the report step. */
export type Decision = (typeof DECISIONS)[number];

/** What started a run. */
export const TRIGGERS = ["poll", "webhook", "stream", "rescan", "user_report"] as const;
/** One trigger. */
export type Trigger = (typeof TRIGGERS)[number];

const reportRecord = z.object({
  request: z.record(z.string(), z.unknown()),
  response: z.record(z.string(), z.unknown()).optional(),
  mastodonReportId: z.string().optional(),
  reportId: z.string().optional(),
  adopted: z.boolean().optional(),
  newEvidence: z.boolean().optional(),
});

/** A run as stored at ["run", id]; parsed whenever it is read. */
export const RunSchema = z.object({
  id: z.string().min(1),
  accountId: z.string().min(1),
  trigger: z.enum(TRIGGERS),
  statusIds: z.array(z.string()),
  dedupKey: z.string().optional(),
  state: z.enum(RUN_STATES),
  attempt: z.number().int().min(0),
  resumeStep: z.enum(STEPS).optional(),
  reason: z.enum(["panic_stop", "budget", "backlog"]).optional(),
  error: z.string().optional(),
  score: z.number().optional(),
  analysisId: z.string().optional(),
  ruleNames: z.array(z.string()).optional(),
  decision: z.enum(DECISIONS).optional(),
  report: reportRecord.optional(),
  notified: z.array(z.string()).optional(),
  /** Where fetch_context found the recent statuses: none to read, already known, or fetched. */
  statusesFrom: z.enum(["none", "known", "fetched", "triaged"]).optional(),
  leaseUntil: z.number().optional(),
  /** The process holding the lease. */
  leaseOwner: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A workflow run. */
export type Run = z.infer<typeof RunSchema>;

/** What a step hands back: fields merged into the run. */
export type StepOutput = Partial<
  Pick<
    Run,
    "score" | "analysisId" | "ruleNames" | "decision" | "report" | "notified" | "statusesFrom"
  >
>;

/** A queue message: only the run id, everything else is read from KV. */
export const MessageSchema = z.object({ runId: z.string().min(1) });

/**
 * The queue message that names stored webhook deliveries for intake to hand over: the batches
 * the inbox stored (`batches`), or deliveries stored alone by their ids (`inbox`), as versions
 * before batches queued them.
 */
export const InboxMessageSchema = z.union([
  z.object({ inbox: z.array(z.string().min(1)).min(1) }),
  z.object({ batches: z.array(z.string().min(1)).min(1) }),
]);
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

/** Reads the live settings; throws when they cannot be read (callers fail closed). */
export interface SettingsReader {
  read(): Promise<Settings>;
}

/** The part of the configuration the workflow uses, with its timings. */
export interface WorkflowConfig {
  reportThreshold: number;
  forwardRemote: boolean;
  reportDailyBudget: number;
  reportDomainDailyBudget: number;
  /**
   * Open reports at Mastodon (everyone's) at or above which our reports wait, the highest
   * scores first; undefined or 0: no limit.
   */
  reportBacklogLimit?: number;
  /** New evidence on an account with an open report of ours earns another after this long. */
  reportFollowUpMs: number;
  /**
   * How long after an unanswered report POST a retry keeps looking for the report before
   * filing again: longer than a slow Mastodon can take to commit it.
   */
  intentConfirmMs: number;
  dryRunDefault: boolean;
  uiOrigin?: string;
  slackWebhooks: Record<string, string>;
  /** Tries per step before the run fails, and the first backoff (doubling, capped). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a paused or budget-limited run waits before it is looked at again. */
  panicRecheckMs: number;
  budgetRecheckMs: number;
  /** How long one step may hold a run before another delivery may take it over. */
  leaseMs: number;
  recentStatusLimit: number;
  contextCacheMs: number;
  campaignWindowMs: number;
  notifyTimeoutMs: number;
  notifyRetryDelayMs: number;
  /**
   * Accounts created this recently are young: a status of an older account is first scored
   * on what is known, and its history fetched only when that score comes near the threshold.
   * Undefined: every account's history is fetched when incomplete.
   */
  youngAccountMs?: number;
}

/** What every step is given; nothing else is reached for. */
export interface WorkflowDeps {
  kv: Kv;
  sql: Sql;
  mastodon: Mastodon;
  rules: () => Promise<RuleSet>;
  clock: Clock;
  settings: SettingsReader;
  config: WorkflowConfig;
  /** For Slack-compatible webhooks. */
  fetch: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** This process's identity for step leases; defaults to one id per process. */
  instanceId?: string;
  /** The account our reports are filed as, once known; a report by anyone else is not ours. */
  reporterId?: () => string | undefined;
  /** Records the reporter account once a report we filed has shown who it is. */
  learnReporter?: (accountId: string) => Promise<void>;
}
