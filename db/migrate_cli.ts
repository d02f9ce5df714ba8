/** `deno task migrate`: applies pending migrations and says which ran. */
import { loadConfig } from "../config.ts";
import { openDatabase } from "./connect.ts";
import { migrate } from "./migrate.ts";
import { installStarterPack } from "../rules/starter_pack.ts";

const { config } = loadConfig(Deno.env.toObject(), "dev");
const db = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pg` });
try {
  const applied = await migrate(db.sql);
  if (applied.length === 0) console.log("Database is up to date; no migration ran.");
  for (const name of applied) console.log(`applied ${name}`);
  const rules = await installStarterPack(db.sql);
  if (rules > 0) console.log(`installed the starter rule pack (${rules} rules)`);
} finally {
  await db.close();
}
