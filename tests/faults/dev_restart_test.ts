/**
 * `deno task dev` killed with SIGKILL and started again on the same ./data: the development
 * server continues the same instance (its reports and ids kept), the service continues its
 * runs on embedded PGlite and its KV file, and no account is reported twice.
 */
import assert from "node:assert/strict";
import { freePort } from "../e2e/stack.ts";
import { until } from "./harness.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function startDev(env: Record<string, string>, log: string) {
  const file = Deno.openSync(log, { create: true, append: true, write: true });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "dev.ts"],
    cwd: ROOT,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      ...env,
    },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  child.stdout.pipeTo(new WritableStream({ write: (b) => void file.writeSync(b) })).catch(() => {});
  child.stderr.pipeTo(new WritableStream({ write: (b) => void file.writeSync(b) })).catch(() => {});
  child.status.then(() => file.close());
  return child;
}

interface DevReport {
  id: string;
  target_account_id: string;
}

Deno.test({
  name:
    "deno task dev killed and restarted on the same data continues one instance with no duplicate report",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "mw-dev-restart-" });
    const devPort = freePort();
    const env = {
      PORT: String(freePort()),
      DEVSERVER_PORT: String(devPort),
      DATA_DIR: dataDir,
      // Arrivals all but instant: every account and status is there before the first poll.
      DEVSERVER_ARRIVAL_SPEED: "36000",
      DEVSERVER_ORDINARY_ACCOUNTS: "40",
      POLL_ADMIN_ACCOUNTS_INTERVAL: "2",
      POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL: "2",
      LOG_LEVEL: "info",
    };
    const dev = `http://127.0.0.1:${devPort}`;
    const reports = async () => await (await fetch(`${dev}/_dev/reports`)).json() as DevReport[];
    const wave = async () => {
      const labels = await (await fetch(`${dev}/_dev/labels`)).json() as Record<string, string>;
      return Object.entries(labels).filter(([, l]) => l !== "ordinary" && l !== "staff")
        .map(([id]) => id);
    };
    let child = startDev(env, `${dataDir}/dev-1.log`);
    try {
      await until("reports are being filed", async () => (await reports()).length >= 10, 120_000);
      const before = await reports();
      child.kill("SIGKILL");
      await child.status;
      child = startDev(env, `${dataDir}/dev-2.log`);
      await until("the development server is back", async () => (await reports()).length > 0);
      const after = await reports();
      for (const r of before) {
        assert.ok(
          after.some((a) => a.id === r.id && a.target_account_id === r.target_account_id),
          `report ${r.id} is kept with its target`,
        );
      }
      const expected = await wave();
      await until("every wave account that has arrived is reported", async () => {
        const targets = new Set((await reports()).map((r) => r.target_account_id));
        const arrived = await wave();
        return arrived.length >= expected.length && arrived.every((id) => targets.has(id));
      }, 180_000);
      const perTarget = new Map<string, number>();
      for (const r of await reports()) {
        perTarget.set(r.target_account_id, (perTarget.get(r.target_account_id) ?? 0) + 1);
      }
      const duplicates = [...perTarget.values()].filter((n) => n > 1).length;
      console.log(
        `deno task dev restart: ${before.length} reports before the kill, ` +
          `${perTarget.size} accounts reported after, ${duplicates} duplicates`,
      );
      assert.equal(duplicates, 0, "no account is reported twice");
      const ids = (await reports()).map((r) => Number(r.id));
      assert.equal(new Set(ids).size, ids.length, "report ids are never reused");
    } finally {
      child.kill("SIGKILL");
      await child.status.catch(() => {});
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
