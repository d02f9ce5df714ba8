/**
 * GET /settings: the dry-run and panic-stop switches as stored (or why they cannot be read), the
 * configured limits, each dependency's health and each schedule's runs. A page or JSON.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { Config } from "../config.ts";
import type { HealthCheck } from "../context.ts";
import type { Sql } from "../db/connect.ts";
import { listSettings } from "../db/settings.ts";
import type { JobBoard } from "../intake/scheduler.ts";
import { SettingsPage, type SettingsView } from "../components/settings.tsx";
import { z } from "zod";
import { respond } from "../server/negotiate.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import type { SettingsReader } from "../workflows/types.ts";
import { runCheck } from "./health.ts";

/** What the settings page reads. */
export interface SettingsDeps {
  config: Config;
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  settings: SettingsReader;
  checks: HealthCheck[];
  schedules?: JobBoard;
}

function limits(c: Config): SettingsView["limits"] {
  return [
    { name: "Report threshold (score)", value: String(c.reportThreshold), env: "REPORT_THRESHOLD" },
    {
      name: "Reports per UTC day",
      value: String(c.reportDailyBudget),
      env: "REPORT_DAILY_BUDGET",
    },
    {
      name: "Reports per remote domain per day",
      value: String(c.reportDomainDailyBudget),
      env: "REPORT_DOMAIN_DAILY_BUDGET",
    },
    {
      name: "Follow-up report after (hours)",
      value: String(c.reportFollowUpHours),
      env: "REPORT_FOLLOWUP_HOURS",
    },
    {
      name: "Forward reports to remote servers",
      value: c.forwardRemote ? "yes" : "no",
      env: "REPORT_FORWARD_REMOTE",
    },
    { name: "Dry run at start", value: c.dryRunDefault ? "on" : "off", env: "DRY_RUN" },
    { name: "Data kept (days)", value: String(c.retentionDays), env: "RETENTION_DAYS" },
  ];
}

async function flags(settings: SettingsReader): Promise<SettingsView["flags"]> {
  try {
    const s = await settings.read();
    return { ok: true, dry_run: s.dryRun, panic_stop: s.panicStop };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Reads everything the settings page shows. */
export async function readSettingsView(deps: SettingsDeps): Promise<SettingsView> {
  const [f, stored, health] = await Promise.all([
    flags(deps.settings),
    listSettings(deps.sql).catch(() => []),
    Promise.all(deps.checks.map(runCheck)),
  ]);
  return {
    flags: f,
    changed: stored.map((s) => ({ key: s.key, updated_at: s.updatedAt, updated_by: s.updatedBy })),
    limits: limits(deps.config),
    health,
    schedules: (deps.schedules?.list() ?? []).map((s) => ({
      name: s.name,
      seconds: s.seconds,
      running: s.running,
      last_run_at: s.lastStartedAt ?? null,
      next_run_at: s.nextRunAt ?? null,
      last_error: s.lastError ?? null,
      last_error_at: s.lastErrorAt ?? null,
    })),
  };
}

const SettingsAnswer = z.object({
  flags: z.union([
    z.object({ ok: z.literal(true), dry_run: z.boolean(), panic_stop: z.boolean() }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]).describe("the switches as stored, or why they cannot be read"),
  changed: z.array(z.object({ key: z.string(), updated_at: timestamp, updated_by: z.string() })),
  limits: z.array(z.object({ name: z.string(), value: z.string(), env: z.string() })),
  health: z.array(z.object({
    name: z.string(),
    ok: z.boolean(),
    latency_ms: z.number().int(),
    error: z.string().optional(),
  })),
  schedules: z.array(z.object({
    name: z.string(),
    seconds: z.number(),
    running: z.boolean(),
    last_run_at: timestamp.nullable(),
    next_run_at: timestamp.nullable(),
    last_error: z.string().nullable(),
    last_error_at: timestamp.nullable(),
  })),
});

const settingsDoc = describe({
  tags: ["config"],
  summary: "The switches, the configured limits, each dependency's health, each schedule's runs",
  page: true,
  responses: { 200: SettingsAnswer },
});

/** The settings route. */
export function settingsRoutes(deps: SettingsDeps) {
  const app = new Hono<AppEnv>();
  app.get("/settings", deps.auth, settingsDoc, async (c) => {
    const view = await readSettingsView(deps);
    return respond(c, view, (viewer) => <SettingsPage view={view} {...viewer} />);
  });
  return app;
}
