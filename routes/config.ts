/** GET /config (non-secret configuration and live flags), POST /config/dry_run and /panic_stop. */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { type Config, publicConfig } from "../config.ts";
import type { Sql } from "../db/connect.ts";
import { listSettings, setSetting, type SettingKey } from "../db/settings.ts";
import { settingsReader } from "../workflows/mod.ts";
import type { SettingsReader } from "../workflows/types.ts";
import { HttpError } from "../server/errors.ts";
import { describe, timestamp } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { boolParam } from "../server/validate.ts";

/** What the config routes need; `onPanicLifted` resumes held work. */
export interface ConfigDeps {
  config: Config;
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  /** The live flags; by default read from the settings table with the configured dry-run. */
  settings?: SettingsReader;
  onPanicLifted?: () => Promise<unknown>;
}

const enableQuery = z.object({ enable: boolParam.describe("true to switch it on, false off") });
const Flags = z.object({ dry_run: z.boolean(), panic_stop: z.boolean() });

const PublicConfig = z.looseObject({
  mode: z.string(),
  version: z.string(),
  queue: z.enum(["kv", "postgres"]),
  databaseUrl: z.string().describe("with any password replaced by ***"),
  secretsSet: z.record(z.string(), z.boolean()).describe("which secrets are set; never values"),
  slackEvents: z.array(z.string()),
  flags: Flags,
  settings: z.array(z.object({
    key: z.string(),
    value: z.unknown(),
    updated_at: timestamp,
    updated_by: z.string(),
  })),
}).describe("The non-secret configuration (camelCase, as config.ts names it) and live flags");

const getConfig = describe({
  tags: ["config"],
  summary: "The non-secret configuration and the live dry-run and panic-stop flags",
  responses: { 200: PublicConfig },
  errors: [503],
});

const toggleDoc = (key: SettingKey, summary: string) =>
  describe({
    tags: ["config"],
    summary,
    query: enableQuery,
    responses: { 200: z.object({ [key]: z.boolean(), flags: Flags }) },
    errors: [503],
  });
const TOGGLES = {
  dry_run: toggleDoc("dry_run", "Switches dry-run: scored and recorded, nothing filed"),
  panic_stop: toggleDoc("panic_stop", "Switches the panic stop: nothing advances until lifted"),
};

/** The config routes. */
export function configRoutes(deps: ConfigDeps) {
  const app = new Hono<AppEnv>();
  app.use("/config", deps.auth);
  app.use("/config/*", deps.auth);

  const settings = deps.settings ?? settingsReader(deps.sql, deps.config.dryRunDefault);
  const flags = async () => {
    try {
      const s = await settings.read();
      return { dry_run: s.dryRun, panic_stop: s.panicStop };
    } catch {
      throw new HttpError(503, "Settings cannot be read; no report is filed until they can");
    }
  };

  app.get("/config", getConfig, async (c) => {
    const settings = await listSettings(deps.sql).catch(() => []);
    return c.json({
      ...publicConfig(deps.config),
      flags: await flags(),
      settings: settings.map((s) => ({
        key: s.key,
        value: s.value,
        updated_at: s.updatedAt,
        updated_by: s.updatedBy,
      })),
    });
  });

  const toggle = (key: keyof typeof TOGGLES) => async (c: Context<AppEnv>) => {
    const { enable } = TOGGLES[key].query(c);
    await setSetting(deps.sql, key, enable, c.get("actor"));
    if (key === "panic_stop" && !enable) await deps.onPanicLifted?.();
    return c.json({ [key]: enable, flags: await flags() });
  };
  app.post("/config/dry_run", TOGGLES.dry_run, toggle("dry_run"));
  app.post("/config/panic_stop", TOGGLES.panic_stop, toggle("panic_stop"));
  return app;
}
