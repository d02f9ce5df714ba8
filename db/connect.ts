/** Opens the service's Postgres: the one named by a URL, or an embedded PGlite when none is. */
import postgres from "postgres";
import { getLogger } from "@logtape/logtape";

const log = getLogger(["mastowatch", "db"]);

/** A postgres.js client; queries take it as an argument so they also run inside a transaction. */
export type Sql = postgres.Sql;

/** An open database and how to close it. */
export interface Database {
  sql: Sql;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

/** Where the database lives: a URL, or a folder for the embedded PGlite. */
export interface DatabaseOptions {
  url?: string;
  dataDir: string;
  max?: number;
}

const quiet = { onnotice: () => {} };

/** Connects to Postgres at `url`, or starts PGlite in `dataDir` behind a local socket. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const sql = postgres(opts.url, { max: opts.max ?? 10, ...quiet, connect_timeout: 10 });
    return { sql, kind: "postgres", close: () => sql.end({ timeout: 5 }) };
  }
  return await openPglite(opts.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  if (dataDir !== "memory://") await Deno.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 });
  await server.start();
  // PGlite runs one session at a time, so postgres.js keeps a single connection and queues.
  const sql = postgres(`postgres://postgres@${server.getServerConn()}/postgres`, {
    max: 1,
    ...quiet,
  });
  log.info("Embedded PGlite started in {dataDir}", { dataDir });
  return {
    sql,
    kind: "pglite",
    close: async () => {
      await sql.end({ timeout: 5 });
      await server.stop();
      await db.close();
    },
  };
}
