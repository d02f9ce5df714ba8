/**
 * Webhook intake throughput: signed `status.created` deliveries per second that the service
 * accepts and durably queues, against a bare Deno server that only checks the HMAC and parses.
 * Both run as their own process on loopback, loaded the same way from this one.
 */
import { createHmac } from "node:crypto";
import { BENCH_SECRET } from "./intake_server.ts";
import { CAPACITY_SENDERS, SENDERS } from "./summary.ts";

/**
 * The service, the bare server, or the service with its durable KV write left out (a
 * diagnostic of what that write costs; the service never runs so).
 */
export type IntakeMode = "service" | "bare" | "unstored";

/** What one load run measured. */
export interface IntakeFigures {
  mode: IntakeMode;
  deliveries: number;
  /** Senders at a time (closed loop: each sends its next delivery once answered); 32 if unset. */
  concurrency?: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

const status = JSON.parse(
  await Deno.readTextFile(new URL("../tests/fixtures/mastodon_status.json", import.meta.url)),
);

/** `n` distinct signed deliveries, each a new status from one of `accounts` authors. */
export function deliveries(
  n: number,
  accounts = Math.ceil(n / 4),
  salt = "0",
): Uint8Array<ArrayBuffer>[] {
  const now = new Date().toISOString();
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < n; i++) {
    const accountId = String(110_000_000_000_000_000n + BigInt(i % accounts));
    const body = {
      event: "status.created",
      created_at: now,
      object: {
        ...status,
        id: `${salt}${String(120_000_000_000_000_000n + BigInt(i))}`,
        created_at: now,
        account: { ...status.account, id: accountId, username: `user${i % accounts}` },
      },
    };
    out.push(new TextEncoder().encode(JSON.stringify(body)));
  }
  return out;
}

function sign(body: Uint8Array): string {
  return `sha256=${createHmac("sha256", BENCH_SECRET).update(body).digest("hex")}`;
}

async function startServer(mode: IntakeMode, dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./intake_server.ts", import.meta.url).pathname, mode, dir],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/port (\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`intake server (${mode}) exited: ${text}`);
    text += value;
  }
  // Keep draining stderr so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })().catch(() => {});
  return { child, port: Number(text.match(/port (\d+)/)![1]) };
}

async function load(url: string, bodies: Uint8Array<ArrayBuffer>[], concurrency: number) {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t = performance.now();
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature": sign(body) },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 202 && res.status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: bodies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), failures };
}

/**
 * The deliveries of a run at `concurrency` senders: at least 25 per sender, so that the first
 * and last moments, when fewer than all are sending, weigh little.
 */
export function deliveriesFor(planned: number, concurrency: number): number {
  return Math.max(planned, 25 * concurrency);
}

/** Loads one server with `n` deliveries (after a warm-up) and returns the figures. */
export async function measureIntake(
  mode: IntakeMode,
  n = 4_000,
  concurrency = SENDERS,
): Promise<IntakeFigures> {
  const dir = await Deno.makeTempDir({ prefix: "mw-intake-" });
  const { child, port } = await startServer(mode, dir);
  try {
    const url = `http://127.0.0.1:${port}/webhooks/mastodon`;
    await load(url, deliveries(Math.min(500, n), undefined, "9"), concurrency);
    const figures = await load(url, deliveries(n), concurrency);
    return { mode, deliveries: n, concurrency, ...figures };
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Rounds of a bare, a service and an unstored run at 32 senders, so that a busier machine weighs
 * on all; then rounds of a bare and a service run at each further level of senders, for each
 * server's capacity (the runs at 32 count for it too). `report` sees each run as it ends.
 */
export async function intakeRuns(
  plan: { deliveries: number; intakeRounds: number; capacityRounds: number },
  report: (f: IntakeFigures) => void = () => {},
): Promise<IntakeFigures[]> {
  const runs: IntakeFigures[] = [];
  const measure = async (mode: IntakeMode, n: number, senders: number) => {
    const f = await measureIntake(mode, n, senders);
    runs.push(f);
    report(f);
  };
  for (let i = 0; i < plan.intakeRounds; i++) {
    for (const mode of ["bare", "service", "unstored"] as const) {
      await measure(mode, plan.deliveries, SENDERS);
    }
  }
  for (let i = 0; i < plan.capacityRounds; i++) {
    for (const senders of CAPACITY_SENDERS.filter((c) => c !== SENDERS)) {
      for (const mode of ["bare", "service"] as const) {
        await measure(mode, deliveriesFor(plan.deliveries, senders), senders);
      }
    }
  }
  return runs;
}

if (import.meta.main) {
  const deliveries = Number(Deno.args[0] ?? 4000);
  await intakeRuns({ deliveries, intakeRounds: 2, capacityRounds: 1 }, print);
}

function print(f: IntakeFigures) {
  console.log(
    `${f.mode.padEnd(8)} ${String(f.concurrency).padStart(3)} senders ` +
      `${f.perSecond.toFixed(0).padStart(6)}/s  p50 ${f.p50Ms.toFixed(2)} ms  ` +
      `p99 ${f.p99Ms.toFixed(2)} ms  failures ${f.failures}`,
  );
}
