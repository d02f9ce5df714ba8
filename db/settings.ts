/** Settings moderators change at run time (dry-run, panic stop), read live, changes audited. */
import { z } from "zod";
import type { Sql } from "./connect.ts";
import { insertAudit } from "./audit.ts";

/** The settings the workflow obeys, as read from the settings table. */
export interface Settings {
  dryRun: boolean;
  panicStop: boolean;
}

/** Known settings and the shape of their values; anything else is refused. */
export const settingSchemas = {
  dry_run: z.boolean(),
  panic_stop: z.boolean(),
} as const;

/** The name of a known setting. */
export type SettingKey = keyof typeof settingSchemas;

/** One stored setting with who changed it last. */
export interface SettingRow {
  key: string;
  value: unknown;
  updatedAt: Date;
  updatedBy: string;
}

/**
 * Reads dry_run and panic_stop. Throws when the table cannot be read or a value is malformed,
 * so callers fail closed instead of treating "unknown" as "off".
 */
export async function getSettings(sql: Sql, defaults: { dryRun: boolean }): Promise<Settings> {
  const rows = await sql<{ key: string; value: unknown }[]>`
    SELECT key, value FROM settings WHERE key IN ('dry_run', 'panic_stop')`;
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const parse = (key: SettingKey, fallback: boolean) => {
    if (!byKey.has(key)) return fallback;
    const parsed = settingSchemas[key].safeParse(byKey.get(key));
    if (!parsed.success) throw new Error(`setting ${key} holds a malformed value`);
    return parsed.data;
  };
  return { dryRun: parse("dry_run", defaults.dryRun), panicStop: parse("panic_stop", false) };
}

/** Lists every stored setting. */
export async function listSettings(sql: Sql): Promise<SettingRow[]> {
  const rows = await sql<{ key: string; value: unknown; updated_at: Date; updated_by: string }[]>`
    SELECT key, value, updated_at, updated_by FROM settings ORDER BY key`;
  return rows.map((r) => ({
    key: r.key,
    value: r.value,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

/** Stores a setting after validating it and writes an audit row, in one transaction. */
export async function setSetting(
  sql: Sql,
  key: SettingKey,
  value: unknown,
  actor: string,
): Promise<void> {
  const schema = settingSchemas[key];
  if (!schema) throw new Error(`unknown setting "${key}"`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`setting ${key} must be a boolean, got ${typeof value}`);
  await sql.begin(async (tx) => {
    const before = await tx<{ value: unknown }[]>`SELECT value FROM settings WHERE key = ${key}`;
    await tx`
      INSERT INTO settings (key, value, updated_at, updated_by)
      VALUES (${key}, ${tx.json(parsed.data)}, now(), ${actor})
      ON CONFLICT (key) DO UPDATE
        SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by`;
    await insertAudit(tx as unknown as Sql, {
      action: "setting_changed",
      actor,
      details: { key, from: before[0]?.value ?? null, to: parsed.data },
    });
  });
}
