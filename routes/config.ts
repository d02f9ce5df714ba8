/** GET /config (non-secret configuration and live flags), POST /config/dry_run and /panic_stop. */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { type Config, publicConfig } from "../config.ts";
import type { Sql } from "../db/connect.ts";
import { listSettings, setSetting, type SettingKey } from "../db/settings.ts";
import { settingsReader } from "../workflows/mod.ts";
import type { SettingsReader } from "../workflows/types.ts";
import { HttpError } from "../server/errors.ts";
import type { AppEnv } from "../server/types.ts";
import { boolParam, readQuery } from "../server/validate.ts";

/** What the config routes need; `onPanicLifted` resumes held work. */
export interface ConfigDeps {
  config: Config;
  sql: Sql;
  auth: MiddlewareHandler<AppEnv>;
  /** The live flags; by default read from the settings table with the configured dry-run. */
  settings?: SettingsReader;
  onPanicLifted?: () => Promise<unknown>;
}

const enableQuery = z.object({ enable: boolParam });

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

  app.get("/config", async (c) => {
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

  const toggle = (key: SettingKey) => async (c: Context<AppEnv>) => {
    const { enable } = readQuery(c, enableQuery);
    await setSetting(deps.sql, key, enable, c.get("actor"));
    if (key === "panic_stop" && !enable) await deps.onPanicLifted?.();
    return c.json({ [key]: enable, flags: await flags() });
  };
  app.post("/config/dry_run", toggle("dry_run"));
  app.post("/config/panic_stop", toggle("panic_stop"));
  return app;
}
