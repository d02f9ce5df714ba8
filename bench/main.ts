/**
 * `deno task bench [--quick] [--only=intake,engine,api,ttr,memory]`: runs every measurement
 * beside its baseline and writes (and prints) docs/benchmarks.md, with the raw figures in
 * docs/benchmarks.json. The full run analyses 100,000 accounts for the memory figure; `--quick`
 * analyses 10,000 and shortens the others. `--only` measures the named parts again and keeps the
 * others from docs/benchmarks.json; every section says when and on what code it was measured.
 * PostgreSQL for the API-call and memory runs: BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test (a fresh database is created there and dropped).
 */
import type { ApiCallFigures } from "./api_calls.ts";
import { runChild } from "./child.ts";
import type { EngineFigures } from "./engine_vs_naive.ts";
import { codeVersion, describeMachine } from "./machine.ts";
import { renderReport } from "./markdown.ts";
import { DEFAULT_DATABASE_URL, type MemoryFigures } from "./memory.ts";
import { type BenchResults, onlyParts, type Outcome, type Part } from "./summary.ts";
import type { TimeToReportFigures } from "./time_to_report.ts";
import { intakeRuns } from "./webhook_intake.ts";

/** How much each measurement does in a full and in a quick run. */
export const PLANS = {
  full: {
    deliveries: 4_000,
    intakeRounds: 5,
    capacityRounds: 3,
    engineRounds: 25,
    accounts: 100_000,
  },
  quick: {
    deliveries: 1_500,
    intakeRounds: 3,
    capacityRounds: 2,
    engineRounds: 9,
    accounts: 10_000,
  },
};

const OUTPUT = new URL("../docs/benchmarks.md", import.meta.url);
const RAW = new URL("../docs/benchmarks.json", import.meta.url);

async function loadAverage(): Promise<string> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return text.split(" ").slice(0, 3).join(", ") || "unknown";
}

async function attempt<T>(name: string, fn: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  const taken = {
    date: new Date().toISOString(),
    code: await codeVersion(),
    load: await loadAverage(),
  };
  console.error(`bench: ${name}…`);
  try {
    const value = await fn();
    console.error(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { ok: true, value, taken };
  } catch (err) {
    console.error(`bench: ${name} failed:`, err);
    return { ok: false, error: err instanceof Error ? err.message : String(err), taken };
  }
}

const NOT_MEASURED = { ok: false, error: "not measured yet: run it with --only" } as const;

async function previous(): Promise<Partial<BenchResults>> {
  try {
    return JSON.parse(await Deno.readTextFile(RAW));
  } catch {
    return {};
  }
}

/**
 * Runs the named parts (all by default) and returns them with the others as `kept` had them.
 */
export async function runBench(
  quick: boolean,
  parts: Part[] = ["intake", "engine", "api", "ttr", "memory"],
  kept: Partial<BenchResults> = {},
): Promise<BenchResults> {
  const plan = quick ? PLANS.quick : PLANS.full;
  const databaseUrl = Deno.env.get("BENCH_DATABASE_URL") ?? DEFAULT_DATABASE_URL;
  const started = performance.now();
  const machine = await describeMachine();
  const loadStart = await loadAverage();
  const run = <T>(part: Part, name: string, fn: () => Promise<T>): Promise<Outcome<T>> =>
    parts.includes(part)
      ? attempt(name, fn)
      : Promise.resolve((kept[part] as Outcome<T> | undefined) ?? NOT_MEASURED);
  const intake = await run("intake", "webhook intake", () => intakeRuns(plan));
  const engine = await run(
    "engine",
    "rules engine",
    () => runChild<EngineFigures[]>("./engine_vs_naive.ts", { args: [String(plan.engineRounds)] }),
  );
  const api = await run(
    "api",
    "API calls",
    () => runChild<ApiCallFigures>("./api_calls.ts", { env: { TEST_DATABASE_URL: databaseUrl } }),
  );
  const ttr = await run(
    "ttr",
    "time to report",
    () =>
      runChild<TimeToReportFigures>("./time_to_report.ts", {
        env: { TEST_DATABASE_URL: databaseUrl },
      }),
  );
  const memory = await run("memory", "memory", () =>
    runChild<MemoryFigures>("./memory.ts", {
      args: [String(plan.accounts)],
      v8Flags: ["--expose-gc"],
      env: { BENCH_DATABASE_URL: databaseUrl },
    }));
  return {
    quick,
    measured: parts,
    machine,
    load: { start: loadStart, end: await loadAverage() },
    seconds: (performance.now() - started) / 1000,
    intake,
    engine,
    api,
    ttr,
    memory,
  };
}

if (import.meta.main) {
  let parts: Part[];
  try {
    parts = onlyParts(Deno.args);
  } catch (err) {
    console.error((err as Error).message);
    Deno.exit(2);
  }
  const results = await runBench(Deno.args.includes("--quick"), parts, await previous());
  await Deno.writeTextFile(RAW, JSON.stringify(results, null, 1) + "\n");
  await Deno.writeTextFile(OUTPUT, renderReport(results));
  // Formatted as `deno fmt --check` wants it (aligned tables), so the task's output is stable.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", OUTPUT.pathname, RAW.pathname] })
    .output();
  console.log(await Deno.readTextFile(OUTPUT));
  const failed = parts.some((p) => !results[p].ok);
  if (failed) Deno.exit(1);
}
