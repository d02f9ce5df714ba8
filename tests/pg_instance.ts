/**
 * A private PostgreSQL server for tests that stop or restart their database: initdb into a
 * temp dir and pg_ctl on a free port, never the machine's shared server. Undefined when the
 * PostgreSQL binaries are not installed.
 */

/** A running private server. */
export interface PgInstance {
  url: string;
  port: number;
  stop(mode?: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

async function binDir(): Promise<string | undefined> {
  try {
    const versions: string[] = [];
    for await (const e of Deno.readDir("/usr/lib/postgresql")) versions.push(e.name);
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    return newest ? `/usr/lib/postgresql/${newest}/bin` : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** PostgreSQL refuses to run as root: run its tools as the postgres user then. */
async function pgRun(bin: string, args: string[]): Promise<void> {
  const asRoot = Deno.uid() === 0;
  const cmd = asRoot
    ? new Deno.Command("runuser", { args: ["-u", "postgres", "--", bin, ...args] })
    : new Deno.Command(bin, { args });
  const out = await cmd.output();
  if (!out.success) {
    throw new Error(`${bin} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Whether a private server can be started here. */
export async function canStartPg(): Promise<boolean> {
  const dir = await binDir();
  if (!dir) return false;
  try {
    await Deno.stat(`${dir}/initdb`);
    return true;
  } catch {
    return false;
  }
}

/** Initialises and starts a private server with trust auth on a free port. */
export async function startPgInstance(): Promise<PgInstance> {
  const dir = await binDir();
  if (!dir) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  const root = await Deno.makeTempDir({ prefix: "mw-pg-" });
  if (Deno.uid() === 0) {
    await new Deno.Command("chown", { args: ["postgres", root] }).output();
  }
  const data = `${root}/data`;
  await pgRun(`${dir}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (...args: string[]) => pgRun(`${dir}/pg_ctl`, ["-D", data, ...args]);
  const start = () => ctl("-o", options, "-l", `${root}/log`, "-w", "start");
  const stop = (mode: "fast" | "immediate" = "fast") => ctl("-m", mode, "-w", "stop");
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      await stop("immediate").catch(() => {});
      await Deno.remove(root, { recursive: true }).catch(() => {});
    },
  };
}
