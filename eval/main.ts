/**
 * deno task eval [--half tune|test] [--json] [--errors]: recall and false-positive rate per
 * family of the evaluation corpus, with the report-mode rules that fired, for the starter pack.
 */
import { compileRuleSet } from "../rules/compile.ts";
import { starterPack } from "../rules/starter_pack.ts";
import type { Half } from "./corpus.ts";
import { type FamilyRow, loadCases, scoreCases, summarize, THRESHOLD, totals } from "./evaluate.ts";

const pct = (n: number, d: number) => `${(100 * n / Math.max(1, d)).toFixed(1)}%`;

/** The table as Markdown. */
export function table(rows: FamilyRow[], half: Half): string {
  const lines = [
    `Half: ${half}; threshold ${THRESHOLD}; starter pack.`,
    "",
    "| family | label | cases | flagged | recall / FP rate | rules that fired (cases) |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const rules = Object.entries(r.rules).sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} (${n})`).join("; ");
    const rate = r.label === "spam"
      ? `recall ${pct(r.flagged, r.cases)}`
      : `FP ${pct(r.flagged, r.cases)}`;
    lines.push(`| ${r.family} | ${r.label} | ${r.cases} | ${r.flagged} | ${rate} | ${rules} |`);
  }
  const t = totals(rows);
  lines.push(
    "",
    `Spam recall: ${t.caught}/${t.spam} (${pct(t.caught, t.spam)}). ` +
      `Ham flagged: ${t.flagged}/${t.ham} (${pct(t.flagged, t.ham)}).`,
  );
  return lines.join("\n");
}

if (import.meta.main) {
  const args = Deno.args;
  const at = args.indexOf("--half");
  const half = (at >= 0 ? args[at + 1] : "test") as Half;
  if (half !== "tune" && half !== "test") {
    console.error(`--half must be "tune" or "test", got "${half}"`);
    Deno.exit(2);
  }
  const set = compileRuleSet(starterPack());
  const scored = scoreCases(set, await loadCases(), half);
  const rows = summarize(scored);
  if (args.includes("--json")) {
    console.log(JSON.stringify({ half, rows, totals: totals(rows) }, null, 2));
  } else console.log(table(rows, half));
  if (args.includes("--errors")) {
    for (const s of scored.filter((s) => s.flagged !== (s.case.label === "spam"))) {
      const hits = s.verdict.hits.map((h) =>
        `${h.rule.name}${h.rule.mode === "shadow" ? " (shadow)" : ""} +${h.weight}`
      );
      console.log(`${s.case.id}: score ${s.verdict.score} — ${hits.join(", ") || "no hits"}`);
    }
  }
}
