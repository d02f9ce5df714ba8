/** The starter rule pack: shipped as JSON, installed once into an empty rules table. */
import { z } from "zod";
import type { Sql } from "../db/connect.ts";
import { insertRules } from "../db/rules.ts";
import { type RuleInput, RuleInputSchema } from "./schema.ts";
import pack from "./starter_pack.json" with { type: "json" };

// Any fixed number: processes installing at once serialise on this advisory lock.
const INSTALL_LOCK = 727_002;

/** The starter pack's rules, validated. */
export function starterPack(): RuleInput[] {
  return z.array(RuleInputSchema).parse(pack);
}

/**
 * Inserts the starter pack when the rules table has never held a rule (deleted ones count, so
 * a moderator who removed every rule does not get them back). Returns how many were inserted;
 * safe to run from several processes at once.
 */
export async function installStarterPack(sql: Sql, actor = "starter-pack"): Promise<number> {
  const rules = starterPack();
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${INSTALL_LOCK})`;
    const [{ n }] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM rules`;
    if (n > 0) return 0;
    await insertRules(tx, rules, actor);
    return rules.length;
  }) as number;
}
