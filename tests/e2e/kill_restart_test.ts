/**
 * Crash safety: the service is killed (SIGKILL) in the middle of a few hundred runs and started
 * again on the same database and KV file. Every account must end analysed, and Mastodon must
 * have received no duplicate report.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { startDevServer } from "../../devserver/main.ts";
import { DEV_DEFAULTS } from "../../dev.ts";
import { freePort, freshDatabase, STACK_API_KEY } from "./stack.ts";

const base = Deno.env.get("TEST_DATABASE_URL");

function spawnService(env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "--dev"],
    cwd: new URL("../../", import.meta.url).pathname,
    env,
    clearEnv: true,
    stdout: "null",
    stderr: "null",
  }).spawn();
}

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

Deno.test({
  name: "a service killed mid-run and restarted finishes every run with no duplicate report",
  ignore: !base,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dev = await startDevServer({
      port: 0,
      arrivals: "manual",
      rateLimit: 1_000_000,
      population: { baseTime: Date.now() - 3_600_000 },
    });
    const db = (await freshDatabase())!;
    const dataDir = await Deno.makeTempDir({ prefix: "mw-kill-" });
    const port = freePort();
    const env = {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      NO_COLOR: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      INSTANCE_BASE: dev.url,
      MASTODON_ADMIN_TOKEN: DEV_DEFAULTS.MASTODON_ADMIN_TOKEN,
      MASTODON_REPORTER_TOKEN: DEV_DEFAULTS.MASTODON_REPORTER_TOKEN,
      API_KEY: STACK_API_KEY,
      UI_ORIGIN: `http://127.0.0.1:${port}`,
      POLL_ADMIN_ACCOUNTS_INTERVAL: "2",
      POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL: "2",
      // Bounds how long a report whose filing a kill interrupted is looked for (2 × this + 30 s).
      HTTP_TIMEOUT: "5",
      LOG_LEVEL: "error",
    };
    // Every account is visible, and the poll cursors start at the beginning of history, so the
    // first polls start a run for each of them.
    dev.server.tick();
    const kv = await Deno.openKv(`${dataDir}/kv.sqlite3`);
    await kv.set(["poll_cursor", "remote"], "0");
    await kv.set(["poll_cursor", "local"], "0");
    kv.close();
    const state = dev.server.dev.state;
    const accounts = [...state.accounts.keys()];
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const analysed = async () => {
      const [row] = await sql<{ n: number }[]>`
        SELECT count(DISTINCT account_id)::int AS n FROM analyses`.catch(() => [{ n: 0 }]);
      return row.n;
    };
    let lastCounts: Record<string, number> = {};
    const t0 = Date.now();
    const mark = (what: string) =>
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    try {
      // Slow answers stretch the work so that both kills land in the middle of it.
      await fetch(`${dev.url}/_dev/faults`, {
        method: "POST",
        body: JSON.stringify({ latencyMs: 60 }),
      }).then((r) => r.body?.cancel());
      let service = spawnService(env);
      await until(
        "a third of the accounts are analysed",
        async () => (await analysed()) >= accounts.length / 3,
        90_000,
      );
      service.kill("SIGKILL");
      await service.status;
      const analysedAtKill = await analysed();
      mark(`first kill at ${analysedAtKill} analysed`);
      assert.ok(analysedAtKill < accounts.length, "the first kill came before the work was done");

      service = spawnService(env);
      await until("reports are being filed", () => state.reports.length >= 15, 90_000);
      service.kill("SIGKILL");
      await service.status;
      const reportsAtKill = state.reports.length;
      mark(`second kill at ${reportsAtKill} reports`);

      service = spawnService(env);
      await until(
        "every account is analysed",
        async () => (await analysed()) >= accounts.length,
        120_000,
      );
      mark("every account analysed");
      // Let runs that are past scoring finish reporting and auditing. A run killed between
      // recording its report intent and filing waits for the dead holder's heartbeat to go
      // stale (30 s), then until the filing it may have sent can no longer appear (40 s).
      await until("the queue is idle", async () => {
        const res = await fetch(`http://127.0.0.1:${port}/workflows`, {
          headers: { "x-api-key": STACK_API_KEY },
        }).catch(() => undefined);
        if (!res?.ok) return false;
        const c = (await res.json()).counts as Record<string, number>;
        lastCounts = c;
        return ["queued", "fetch_context", "score", "report", "notify", "audit", "waiting"]
          .every((s) => (c[s] ?? 0) === 0);
      }, 150_000).catch((err) => {
        throw new Error(`${err.message}: ${JSON.stringify(lastCounts)}`);
      });
      mark(`idle: ${JSON.stringify(lastCounts)}`);
      service.kill("SIGTERM");
      await service.status;

      const perTarget = new Map<string, number>();
      for (const r of state.reports) {
        perTarget.set(r.targetAccountId, (perTarget.get(r.targetAccountId) ?? 0) + 1);
      }
      const duplicates = [...perTarget.values()].filter((n) => n > 1).length;
      const spam = [...state.accounts].filter(([, e]) => !["ordinary", "staff"].includes(e.label));
      console.log(
        `killed after ${reportsAtKill} reports and ${analysedAtKill}/${accounts.length} accounts; ` +
          `after restart: ${await analysed()}/${accounts.length} analysed, ` +
          `${state.reports.length} reports, ${duplicates} duplicates`,
      );
      assert.equal(duplicates, 0, "no account reported twice");
      assert.equal(await analysed(), accounts.length, "no account lost");
      assert.ok(spam.every(([id]) => perTarget.get(id) === 1), "every spam account reported once");
    } finally {
      await sql.end();
      await dev.shutdown();
      await db.drop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
