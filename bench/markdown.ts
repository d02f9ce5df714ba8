/** Renders the bench's results as docs/benchmarks.md. */
import type { ApiCallFigures } from "./api_calls.ts";
import type { EngineFigures } from "./engine_vs_naive.ts";
import type { MemoryFigures } from "./memory.ts";
import {
  type BenchResults,
  type IntakeCapacity,
  type IntakeMedian,
  intakeSummary,
  memoryGrowth,
  type Outcome,
  PARTS,
  SENDERS,
  sendersOf,
  transactionsPerAccount,
} from "./summary.ts";
import type { TimeToReportFigures } from "./time_to_report.ts";
import type { IntakeFigures } from "./webhook_intake.ts";

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const n1 = (x: number) => x.toFixed(1);
const n2 = (x: number) => x.toFixed(2);
const signed = (x: number, f = n1) => `${x >= 0 ? "+" : "−"}${f(Math.abs(x))}`;

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function section<T>(title: string, o: Outcome<T>, body: (v: T) => string): string {
  const taken = o.taken
    ? `Measured ${o.taken.date} on ${o.taken.code}, load average ${o.taken.load} at its start.\n\n`
    : "";
  return `## ${title}\n\n${taken}${o.ok ? body(o.value) : `**Not measured**: ${o.error}`}\n`;
}

function machine(r: BenchResults): string {
  const m = r.machine;
  const run = r.quick ? "quick (`deno task bench --quick`)" : "full (`deno task bench`)";
  return table(["Machine", ""], [
    ["CPU", m.cpu],
    ["Cores", m.cores],
    ["RAM", `${m.ramGiB} GiB`],
    ["OS", m.os],
    ["Deno", `${m.deno} (V8 ${m.v8})`],
    ["Date", m.date],
    ["Code", m.code],
    ["Run", `${run}, ${n1(r.seconds / 60)} min`],
    [
      "Measured in this run",
      r.measured.length === PARTS.length
        ? "every part"
        : `${
          r.measured.join(", ")
        }; the other parts are kept from earlier runs (each section says when)`,
    ],
    ["Load average (1, 5, 15 min)", `${r.load.start} at the start, ${r.load.end} at the end`],
  ]);
}

function summary(r: BenchResults): string {
  const rows: string[][] = [];
  if (r.intake.ok) {
    const s = intakeSummary(r.intake.value);
    const rate = (m: IntakeMedian) =>
      `${n0(m.perSecond)}/s (p50 ${n2(m.p50Ms)} ms, p99 ${n2(m.p99Ms)} ms)`;
    const target = (ratio: number) =>
      `${n2(ratio)} (target ≥ 0.5: ${ratio >= 0.5 ? "met" : "not met"})`;
    if (s.capacity) {
      const c = s.capacity;
      const best = (x: IntakeCapacity) => `${n0(x.perSecond)}/s at ${x.senders} senders`;
      rows.push([
        `Webhook intake capacity (best of ${
          c.service.levels.map((l) => l.senders).join(", ")
        } senders): signed \`status.created\` deliveries/s accepted and durably queued`,
        best(c.service),
        `bare HMAC + parse server: ${best(c.bare)}`,
        target(c.ratio),
      ]);
    }
    rows.push([
      `Webhook intake at ${SENDERS} senders at a time: deliveries/s accepted and durably queued`,
      rate(s.service),
      `the same bare server: ${rate(s.bare)}`,
      target(s.ratio),
    ]);
    if (s.unstored) {
      rows.push([
        "Webhook intake without its durable KV write (diagnostic)",
        rate(s.unstored),
        "the same bare server",
        `${n2(s.unstored.ratio)}: the durable write costs the rest`,
      ]);
    }
  }
  if (r.engine.ok) {
    for (const e of r.engine.value) {
      rows.push([
        `Rules engine, ${e.ruleSet} (${e.rules} rules): µs per account`,
        `${n0(e.engineUsPerAccount)} µs (${n0(e.engineAccountsPerSecond)} accounts/s)`,
        `naive RegExp loop, ${e.naivePatterns} patterns: ${n0(e.naiveUsPerAccount)} µs (${
          n0(e.naiveAccountsPerSecond)
        } accounts/s)`,
        `${n2(e.ratio)}× the baseline's throughput`,
      ]);
    }
  }
  if (r.api.ok) {
    const a = r.api.value;
    rows.push([
      "Mastodon API calls per analysed account (admin token)",
      `${n2(a.adminPerAccount)} (${a.adminCalls} calls, ${a.accountsAnalysed} accounts)`,
      "—",
      "—",
    ]);
  }
  if (r.ttr.ok) {
    const t = r.ttr.value;
    rows.push([
      "Time to report, real-time wave at Mastodon's limits: webhook → report p50 / p95",
      `${ms(t.webhook.p50Ms)} / ${ms(t.webhook.p95Ms)} (${t.webhook.accounts} local accounts)`,
      "target: p95 under 5 s",
      t.webhook.accounts === 0 ? "—" : t.webhook.p95Ms < 5_000 ? "met" : "not met",
    ]);
    rows.push([
      "Time to report: remote status arrival (stream) → report p50 / p95",
      `${ms(t.remote.p50Ms)} / ${ms(t.remote.p95Ms)} (${t.remote.accounts} remote accounts)`,
      "—",
      "—",
    ]);
    rows.push([
      "Seeded wave fully reported after its last arrival",
      `${
        ms(t.waveCompleteAfterLastArrivalMs)
      } (${t.waveReported}/${t.waveAccounts} reported, ${t.duplicates} duplicates)`,
      "target: within 90 s",
      t.waveCompleteAfterLastArrivalMs <= 90_000 && t.waveReported === t.waveAccounts
        ? "met"
        : "not met",
    ]);
    rows.push([
      "API calls for the real-time wave (admin + reporter tokens)",
      `${t.adminCalls + t.reporterCalls} (${t.adminCalls} + ${t.reporterCalls}; ${
        n2(t.adminCalls / t.accountsArrived)
      } admin calls per arriving account)`,
      `floor: ${t.floorCalls} (a report per wave account + ${t.pollCalls} poll calls)`,
      `${n2((t.adminCalls + t.reporterCalls) / t.floorCalls)}× the floor`,
    ]);
  }
  if (r.memory.ok) {
    const m = r.memory.value;
    const g = memoryGrowth(m.samples);
    const last = m.samples[m.samples.length - 1];
    const first = m.samples.find((s) => s.accounts === g.from)!;
    rows.push([
      `Resident memory after ${n0(m.accounts)} analysed accounts`,
      `RSS ${n1(last.rssMiB)} MiB, heap ${n1(last.heapUsedMiB)} MiB`,
      `after ${n0(g.from)}: RSS ${n1(first.rssMiB)} MiB, heap ${n1(first.heapUsedMiB)} MiB`,
      `RSS ${signed(g.rssMiB)} MiB, heap ${signed(g.heapUsedMiB)} MiB`,
    ]);
  }
  return table(["Figure", "Measured", "Baseline (same run)", "Ratio / growth"], rows);
}

function intake(runs: IntakeFigures[]): string {
  const s = intakeSummary(runs);
  return [
    `Each server runs in its own process on loopback and is loaded the same way (${
      runs[0].deliveries
    } distinct signed deliveries after a warm-up, ${SENDERS} senders at a time, each sending its next`,
    "delivery once answered); the runs alternate and each mode's figure is the median of its runs",
    `at ${SENDERS} senders. The bare server only checks the HMAC and parses`,
    "the JSON; the service runs its whole HTTP stack and queues each delivery durably in a KV file.",
    "`unstored` is the service with the KV commit left out (everything else runs): not a way the",
    "service ever runs, but what shows how much of the gap is the durable write.",
    "",
    table(
      ["Run", "Mode", "Senders", "Deliveries", "Deliveries/s", "p50 ms", "p99 ms", "Failures"],
      runs.map((f, i) => [
        i + 1,
        f.mode,
        sendersOf(f),
        f.deliveries,
        n0(f.perSecond),
        n2(f.p50Ms),
        n2(f.p99Ms),
        f.failures,
      ]),
    ),
    "",
    `Median at ${SENDERS} senders: service ${n0(s.service.perSecond)}/s, bare ${
      n0(s.bare.perSecond)
    }/s, ratio ${n2(s.ratio)} (target ≥ 0.5).${
      s.roundRatios
        ? ` Round by round (each service run over the bare run just before it): ${
          n2(s.roundRatios.min)
        } to ${n2(s.roundRatios.max)}.`
        : ""
    }${
      s.unstored
        ? ` Without the durable write: ${n0(s.unstored.perSecond)}/s, ratio ${
          n2(s.unstored.ratio)
        }.`
        : ""
    }`,
    ...(s.capacity ? ["", capacity(s.capacity)] : []),
  ].join("\n");
}

/** Each server's median rate at each level of senders, and the best of them: its capacity. */
function capacity(c: { bare: IntakeCapacity; service: IntakeCapacity; ratio: number }): string {
  const at = (x: IntakeCapacity, senders: number) => {
    const l = x.levels.find((l) => l.senders === senders);
    return l ? `${n0(l.perSecond)}/s (p50 ${n2(l.p50Ms)} ms, p99 ${n2(l.p99Ms)} ms)` : "—";
  };
  return [
    "**Capacity.** At 32 senders each sender waits for its answer before it sends again, so the",
    "figure above is bounded by each delivery's time to be answered, and the service's includes",
    "its commit to the KV file. The further rounds load each server with more senders at a time",
    "(each run at least 25 deliveries per sender); a server's capacity is the best median rate",
    "over the levels, the rate it reaches when it is given enough to do.",
    "",
    table(
      ["Senders", "Bare (median)", "Service (median)", "Service / bare"],
      c.bare.levels.map((l) => {
        const service = c.service.levels.find((x) => x.senders === l.senders);
        return [
          l.senders,
          at(c.bare, l.senders),
          at(c.service, l.senders),
          service ? n2(service.perSecond / l.perSecond) : "—",
        ];
      }),
    ),
    "",
    `Capacity: service ${n0(c.service.perSecond)}/s (at ${c.service.senders} senders), bare ${
      n0(c.bare.perSecond)
    }/s (at ${c.bare.senders}), ratio ${n2(c.ratio)} (target ≥ 0.5).`,
  ].join("\n");
}

function engine(figures: EngineFigures[]): string {
  const e0 = figures[0];
  return [
    `The corpus: the ${e0.accounts} accounts of the development server's population (seed 42)`,
    "that posted, each with up to 20 of its statuses, as the workflow evaluates an account.",
    "The baseline tests the same rules' text patterns (keyword lists, regexes, the",
    "staff-impersonation terms) as plain RegExps on the **same normalised fields**: the texts",
    "come from `rules/prepare.ts`, so HTML parsing, NFKC, look-alike folding and case folding",
    "are the engine's own and both sides pay for them. Rounds alternate; each figure is the",
    "median round.",
    "",
    table(
      [
        "Rule set",
        "Rules",
        "Naive patterns",
        "Engine µs/account",
        "Engine accounts/s",
        "Naive µs/account",
        "Naive accounts/s",
        "Engine ÷ naive throughput",
        "Same verdicts",
      ],
      figures.map((f) => [
        f.ruleSet,
        f.rules,
        f.naivePatterns,
        n0(f.engineUsPerAccount),
        n0(f.engineAccountsPerSecond),
        n0(f.naiveUsPerAccount),
        n0(f.naiveAccountsPerSecond),
        `${n2(f.ratio)}×`,
        `${n1(f.agreement * 100)} %`,
      ]),
    ),
    "",
    '"Same verdicts" is the share of (account, text rule) pairs on which the engine and the',
    "baseline agree that the rule matched: the two do the same text work. What the engine does",
    "beyond the baseline: it records evidence (field, status, snippet) for every hit, runs",
    "patterns that the ReDoS check cannot prove safe on re2, and in the first two sets runs the",
    "account, link, media, behaviour (rate, duplicates, mentions, hashtags) and campaign",
    "detectors, which the baseline leaves out; the text-only row compares like for like, where",
    "the engine's one keyword automaton replaces a regex per keyword rule.",
  ].join("\n");
}

function api(a: ApiCallFigures): string {
  return [
    "The service and the development server wired together in one process",
    "(`tests/e2e/stack.ts`, a fresh database on " +
    (a.database === "postgres" ? "PostgreSQL" : "PGlite") + "), the seeded population",
    "(seed 42, waves included) arriving at once, its webhooks delivered and both polls run until",
    "nothing new came, then waited until idle. Counted from `GET /_dev/stats` (the admin token's",
    "requests; its endpoints tallied from the same counter), minus the service's start-up",
    `calls (${a.startupCalls}). Accounts that were on the server before the service started, beyond`,
    "the newest page its first poll reads, and posted nothing are never analysed, by design.",
    "",
    table(["Wave", ""], [
      ["Accounts on the server / analysed", `${a.accountsArrived} / ${a.accountsAnalysed}`],
      [
        "Not analysed (by label)",
        Object.entries(a.notAnalysed).map(([k, v]) => `${k} ${v}`).join(", ") || "none",
      ],
      ["Runs", Object.entries(a.runs).map(([k, v]) => `${k} ${v}`).join(", ")],
      ["Webhooks delivered", a.webhooksDelivered],
      ["Reports filed (reporter token calls)", `${a.reportsFiled} (${a.reporterCalls})`],
      ["Admin-token API calls", a.adminCalls],
      ["**Admin calls per analysed account**", `**${n2(a.adminPerAccount)}**`],
      ["Answers by status", Object.entries(a.byStatus).map(([k, v]) => `${k}: ${v}`).join(", ")],
    ]),
    "",
    table(
      ["Endpoint (admin token)", "Calls", "Per analysed account"],
      a.byEndpoint.map((e) => [`\`${e.route}\``, e.calls, n2(e.perAccount)]),
    ),
  ].join("\n");
}

const ms = (x: number) => x >= 10_000 ? `${n1(x / 1000)} s` : `${n0(x)} ms`;

function timeToReport(t: TimeToReportFigures): string {
  return [
    "The development server and the service each in its own process (`tests/faults/harness.ts`),",
    `the server with Mastodon's own limits (300 requests per 5 minutes per token) and its whole`,
    `population (${t.accountsArrived} accounts), the wave's hour played at ${t.speed}× while the`,
    "service runs on its default schedules (polls every 30 s, the remote stream followed).",
    "Arrivals and acknowledged webhooks are read from the server's wall clock",
    "(`GET /_dev/timeline`), reports from `GET /_dev/reports`, calls from `GET /_dev/stats`.",
    "A local account's latency runs from its first acknowledged `status.created` webhook to its",
    "report; a remote account's from its first status's arrival (seen on `public:remote`).",
    `${t.arrivedBeforeReady} wave accounts arrived before the service was ready and are left out`,
    "of the latencies (not of the completion).",
    "",
    table(["Real-time wave", ""], [
      [
        "Wave accounts reported",
        `${t.waveReported} / ${t.waveAccounts}, ${t.duplicates} duplicates`,
      ],
      [
        "Local: webhook → report",
        `p50 ${ms(t.webhook.p50Ms)}, p95 ${ms(t.webhook.p95Ms)}, max ${
          ms(t.webhook.maxMs)
        } (${t.webhook.accounts} accounts)`,
      ],
      [
        "Remote: arrival → report",
        `p50 ${ms(t.remote.p50Ms)}, p95 ${ms(t.remote.p95Ms)}, max ${
          ms(t.remote.maxMs)
        } (${t.remote.accounts} accounts)`,
      ],
      ["Last wave arrival → last wave report", ms(t.waveCompleteAfterLastArrivalMs)],
      ["Admin-token calls / reporter-token calls", `${t.adminCalls} / ${t.reporterCalls}`],
      ["Floor (a report POST per wave account + the polls)", t.floorCalls],
      [
        "Peak calls in one window, by token",
        Object.entries(t.peakByToken).map(([k, v]) => `${k} ${v}`).join(", ") || "none",
      ],
      ["429 answers", t.refused429],
      ["Duration", `${n1(t.seconds)} s`],
    ]),
    "",
    table(
      ["Token", "Route", "Calls", "Per arriving account"],
      t.calls.map((c) => [c.token, `\`${c.route}\``, c.calls, n2(c.calls / t.accountsArrived)]),
    ),
  ].join("\n");
}

function memory(m: MemoryFigures): string {
  const g = memoryGrowth(m.samples);
  const tx = transactionsPerAccount(m.samples);
  return [
    `${n0(m.accounts)} accounts started as a poll starts them, at most a poll page ahead of the`,
    "runs that ended, and carried through every step by the service's queue listener",
    `(${m.concurrency} steps at once), with the starter pack, on a fresh PostgreSQL database`,
    `(${m.postgres}) and a KV file. The accounts are the`,
    `population's ${m.templates} again and again under new ids, each pass adding its number to`,
    "every status text (many people, not one campaign repeating the same posts), built on demand",
    "by `bench/population_mastodon.ts`, which keeps none. Memory is sampled",
    `after ${m.gc ? "a full GC (`--expose-gc`)" : "no GC (run without `--expose-gc`)"}.`,
    "",
    table(
      [
        "Accounts",
        "Elapsed s",
        "CPU ms per account since the last sample",
        "RSS MiB",
        "Heap used MiB",
        "External MiB",
        "Postgres MiB",
        "KV MiB",
      ],
      m.samples.map((s, i) => [
        n0(s.accounts),
        n0(s.seconds),
        n1(
          ((s.cpuSeconds - (m.samples[i - 1]?.cpuSeconds ?? 0)) * 1000) /
            (s.accounts - (m.samples[i - 1]?.accounts ?? 0)),
        ),
        n1(s.rssMiB),
        n1(s.heapUsedMiB),
        n1(s.externalMiB),
        n1(s.postgresMiB),
        n1(s.kvMiB),
      ]),
    ),
    "",
    `From ${n0(g.from)} to ${n0(g.to)} accounts: RSS ${signed(g.rssMiB)} MiB, heap ${
      signed(g.heapUsedMiB)
    } MiB (${signed(g.heapKiBPer10k)} KiB per 10,000 accounts). The history grows where it`,
    "belongs: in Postgres and the KV file (finished runs stay a week).",
    "",
    `Regex engines chosen by the ReDoS check at start-up: ${m.regexEngines.join("; ") || "none"}.`,
    "",
    `Throughput of this run: ${n0(m.accountsPerSecond)} accounts/s in ${n1(m.seconds / 60)} min` +
    (tx === undefined ? "." : `, ${n1(tx)} Postgres transactions per account.`),
    `Outcomes: ${Object.entries(m.outcomes).map(([k, v]) => `${k} ${n0(v)}`).join(", ")}; ` +
    `${n0(m.reportsFiled)} reports filed.`,
    Object.keys(m.warnings).length === 0
      ? "No warnings were logged."
      : `Warnings logged: ${
        Object.entries(m.warnings).map(([k, v]) => `"${k}" × ${n0(v)}`).join("; ")
      }.`,
  ].join("\n");
}

/** The whole report. */
export function renderReport(r: BenchResults): string {
  return [
    "# Benchmarks\n",
    "Written by `deno task bench` (`bench/main.ts`); do not edit by hand, run it again. Every",
    "figure is measured in the same run as its baseline. What each measures and how: `bench/README.md`.\n",
    machine(r),
    "",
    summary(r),
    "",
    section("1. Webhook intake", r.intake, intake),
    section(
      "2. Rules engine against a naive loop over the same normalised fields",
      r.engine,
      engine,
    ),
    section("3. Mastodon API calls per analysed account", r.api, api),
    section("4. Time to report and calls by route, the wave in real time", r.ttr, timeToReport),
    section("5. Resident memory over many analysed accounts", r.memory, memory),
  ].join("\n");
}
