/**
 * Two service processes with QUEUE=postgres on one fresh database take the seeded wave from the
 * development server (a process of its own); one of them is SIGKILLed midway. The other must
 * take over what the killed one held: every wave account processed and reported once, no account
 * worked on by two processes at once, every run final. The figures are printed to be quoted.
 */
import assert from "node:assert/strict";
import { DEV_DEFAULTS } from "../../dev.ts";
import { freePort } from "../e2e/stack.ts";
import { assertRecovered, TEST_DATABASE_URL } from "./faults.ts";
import { FAULTS_API_KEY, startWorld, until } from "./harness.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Starts a second service on the world's database, on a port and data folder of its own. */
function startOther(world: Awaited<ReturnType<typeof startWorld>>, log: string) {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      QUEUE: "postgres",
      DATABASE_URL: world.databaseUrl!,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: `${world.dataDir}/service-a`,
      INSTANCE_BASE: world.devUrl,
      MASTODON_ADMIN_TOKEN: DEV_DEFAULTS.MASTODON_ADMIN_TOKEN,
      MASTODON_REPORTER_TOKEN: DEV_DEFAULTS.MASTODON_REPORTER_TOKEN,
      API_KEY: FAULTS_API_KEY,
      UI_ORIGIN: `http://127.0.0.1:${port}`,
      POLL_ADMIN_ACCOUNTS_INTERVAL: "2",
      POLL_ADMIN_ACCOUNTS_LOCAL_INTERVAL: "2",
      QUEUE_STATS_INTERVAL: "2",
      HTTP_TIMEOUT: "5",
      LOG_LEVEL: "info",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const file = Deno.openSync(log, { create: true, append: true, write: true });
  const drain = (s: ReadableStream<Uint8Array>) =>
    s.pipeTo(new WritableStream({ write: (b) => void file.writeSync(b) })).catch(() => {});
  const done = Promise.all([child.status, drain(child.stdout), drain(child.stderr)])
    .then(() => file.close());
  return { child, url: `http://127.0.0.1:${port}`, done };
}

/** One step a process finished: which run, when it began and ended (from its log line). */
interface StepSpan {
  proc: string;
  runId: string;
  from: number;
  to: number;
}

/** Reads a service log: the steps it finished and the account of each run it moved. */
async function readLog(path: string, proc: string) {
  const spans: StepSpan[] = [];
  const accountOf = new Map<string, string>();
  for (const line of (await Deno.readTextFile(path)).split("\n")) {
    if (!line.startsWith("{")) continue;
    const r = JSON.parse(line);
    if (typeof r.run_id !== "string") continue;
    if (typeof r.account_id === "string") accountOf.set(r.run_id, r.account_id);
    if (/^Step \S+ of run \S+ done in/.test(r.message) && typeof r.ms === "number") {
      const to = Date.parse(r.time);
      spans.push({ proc, runId: r.run_id, from: to - r.ms, to });
    }
  }
  return { spans, accountOf };
}

Deno.test({
  name: "two processes on one PostgreSQL take the wave; one killed midway, nothing lost or doubled",
  ignore: !TEST_DATABASE_URL,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const world = await startWorld({ serviceEnv: { QUEUE: "postgres" } });
    const aLog = `${world.logDir}/service-a.log`;
    let a: ReturnType<typeof startOther> | undefined;
    try {
      // Slower answers stretch the wave so that the kill lands in the middle of it.
      await world.faults({ latencyMs: 40 });
      a = startOther(world, aLog);
      await until("process A answers", async () => {
        const res = await fetch(`${a!.url}/livez`);
        await res.body?.cancel();
        return res.ok;
      }, 60_000);
      const health = await (await fetch(`${a.url}/healthz`)).json();
      assert.equal(health.queue, "postgres");
      await world.startService();
      const wave = await world.waveAccounts();
      await until("a third of the wave is reported", async () => {
        const reported = new Set((await world.reports()).map((r) => r.target_account_id));
        return wave.filter((id) => reported.has(id)).length >= wave.length / 3;
      }, 180_000);
      a.child.kill("SIGKILL");
      await a.done;
      const atKill = (await world.reports()).length;
      console.log(`process A killed with ${atKill} reports filed`);
      await world.faults({});
      const outcome = await assertRecovered("two processes, A SIGKILLed", world);

      const logA = await readLog(aLog, "A");
      const logB = await readLog(`${world.logDir}/service-1.log`, "B");
      const accountOf = new Map([...logA.accountOf, ...logB.accountOf]);
      const runsOf = (spans: StepSpan[]) => new Set(spans.map((s) => s.runId));
      const accountsOf = (spans: StepSpan[]) =>
        new Set([...runsOf(spans)].map((r) => accountOf.get(r)).filter(Boolean));
      // Per account, the steps of either process, in time order, never overlap.
      const byAccount = new Map<string, StepSpan[]>();
      for (const s of [...logA.spans, ...logB.spans]) {
        const account = accountOf.get(s.runId);
        if (!account) continue;
        byAccount.set(account, [...(byAccount.get(account) ?? []), s]);
      }
      let overlaps = 0;
      for (const spans of byAccount.values()) {
        spans.sort((x, y) => x.from - y.from);
        for (let i = 1; i < spans.length; i++) {
          // Log times have whole milliseconds and durations are rounded: 2 ms of slack.
          const overlap = spans[i].from < spans[i - 1].to - 2;
          if (spans[i].proc !== spans[i - 1].proc && overlap) overlaps++;
        }
      }
      const both = [...accountsOf(logA.spans)].filter((id) => accountsOf(logB.spans).has(id));
      console.log(
        `two processes: A ran steps of ${runsOf(logA.spans).size} runs ` +
          `(${accountsOf(logA.spans).size} accounts) before it was killed, B of ` +
          `${runsOf(logB.spans).size} runs (${accountsOf(logB.spans).size} accounts); ` +
          `${both.length} accounts worked on by both, ${overlaps} steps overlapping another ` +
          `process's on the same account; ${outcome.waveAccounts} wave accounts, ` +
          `${outcome.reports} reports, ${outcome.duplicates} duplicates`,
      );
      assert.ok(runsOf(logA.spans).size > 0, "process A took part before it was killed");
      assert.ok(runsOf(logB.spans).size > 0, "process B took part");
      assert.equal(overlaps, 0, "no account is worked on by two processes at once");
    } finally {
      try {
        a?.child.kill("SIGKILL");
      } catch { /* already gone */ }
      await a?.done;
      await world.close();
    }
  },
});
