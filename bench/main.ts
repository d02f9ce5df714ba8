/**
 * `deno task bench [--quick]`: runs every measurement beside its baseline and writes (and
 * prints) docs/benchmarks.md. The full run analyses 100,000 accounts for the memory figure;
 * `--quick` analyses 10,000 and shortens the others. PostgreSQL for the API-call and memory
 * runs: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test (a fresh database
 * is created there and dropped).
 */
import type { ApiCallFigures } from "./api_calls.ts";
import { runChild } from "./child.ts";
import type { EngineFigures } from "./engine_vs_naive.ts";
import { describeMachine } from "./machine.ts";
import { renderReport } from "./markdown.ts";
import { DEFAULT_DATABASE_URL, type MemoryFigures } from "./memory.ts";
import type { BenchResults, Outcome } from "./summary.ts";
import { type IntakeFigures, measureIntake } from "./webhook_intake.ts";

/** How much each measurement does in a full and in a quick run. */
export const PLANS = {
  full: { deliveries: 4_000, engineRounds: 25, accounts: 100_000 },
  quick: { deliveries: 1_500, engineRounds: 9, accounts: 10_000 },
};

const OUTPUT = new URL("../docs/benchmarks.md", import.meta.url);

async function loadAverage(): Promise<string> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return text.split(" ").slice(0, 3).join(", ") || "unknown";
}

async function attempt<T>(name: string, fn: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  console.error(`bench: ${name}…`);
  try {
    const value = await fn();
    console.error(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { ok: true, value };
  } catch (err) {
    console.error(`bench: ${name} failed:`, err);
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

async function intake(deliveries: number): Promise<IntakeFigures[]> {
  const runs: IntakeFigures[] = [];
  for (const mode of ["bare", "service", "bare", "service"] as const) {
    runs.push(await measureIntake(mode, deliveries, 32));
  }
  return runs;
}

/** Runs everything and returns what was measured. */
export async function runBench(quick: boolean): Promise<BenchResults> {
  const plan = quick ? PLANS.quick : PLANS.full;
  const databaseUrl = Deno.env.get("BENCH_DATABASE_URL") ?? DEFAULT_DATABASE_URL;
  const started = performance.now();
  const machine = await describeMachine();
  const loadStart = await loadAverage();
  const intakeRuns = await attempt("webhook intake", () => intake(plan.deliveries));
  const engine = await attempt(
    "rules engine",
    () => runChild<EngineFigures[]>("./engine_vs_naive.ts", { args: [String(plan.engineRounds)] }),
  );
  const api = await attempt(
    "API calls",
    () => runChild<ApiCallFigures>("./api_calls.ts", { env: { TEST_DATABASE_URL: databaseUrl } }),
  );
  const memory = await attempt("memory", () =>
    runChild<MemoryFigures>("./memory.ts", {
      args: [String(plan.accounts)],
      v8Flags: ["--expose-gc"],
      env: { BENCH_DATABASE_URL: databaseUrl },
    }));
  return {
    quick,
    machine,
    load: { start: loadStart, end: await loadAverage() },
    seconds: (performance.now() - started) / 1000,
    intake: intakeRuns,
    engine,
    api,
    memory,
  };
}

if (import.meta.main) {
  const results = await runBench(Deno.args.includes("--quick"));
  await Deno.writeTextFile(OUTPUT, renderReport(results));
  // Formatted as `deno fmt --check` wants it (aligned tables), so the task's output is stable.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", OUTPUT.pathname] }).output();
  console.log(await Deno.readTextFile(OUTPUT));
  const failed = [results.intake, results.engine, results.api, results.memory].some((o) => !o.ok);
  if (failed) Deno.exit(1);
}
