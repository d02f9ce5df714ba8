/** A fresh, migrated database for one test: a throwaway schema on TEST_DATABASE_URL, else PGlite. */
import postgres from "postgres";
import { openDatabase, type Sql } from "../db/connect.ts";
import { migrate } from "../db/migrate.ts";

/** A migrated test database and how to drop it. */
export interface TestDatabase {
  sql: Sql;
  close(): Promise<void>;
}

/** Opens a fresh migrated database; on a real server each test gets its own schema. */
export async function testDatabase(): Promise<TestDatabase> {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (!url) {
    const db = await openDatabase({ dataDir: "memory://" });
    await migrate(db.sql);
    return db;
  }
  const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE SCHEMA ${schema}`);
  const sql = postgres(url, {
    max: 4,
    onnotice: () => {},
    connection: { search_path: schema },
  });
  await migrate(sql);
  return {
    sql,
    close: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end({ timeout: 5 });
    },
  };
}
