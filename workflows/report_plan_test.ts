import assert from "node:assert/strict";
import type { AnalysisRow } from "../db/analyses.ts";
import type { ReportRow } from "../db/reports.ts";
import { planReport } from "./report_plan.ts";

const hit = (statusId: string) => ({
  rule: { name: "spam", mode: "report" as const, category: "spam" as const, instance_rule_ids: [] },
  weight: 2,
  evidence: [{ status_id: statusId, field: "content", text: "buy now" }],
});

const analysis = (ids: string[]): AnalysisRow => ({
  id: "1",
  accountId: "9",
  runId: "r",
  statusId: null,
  score: 2,
  shadowScore: 2,
  hits: ids.map(hit),
  ruleVersions: {},
  statusIds: ids,
  dryRun: false,
  createdAt: new Date(),
});

const open = (ids: string[], createdAt: Date): ReportRow => ({
  id: "5",
  accountId: "9",
  analysisId: "1",
  runId: "r0",
  mastodonReportId: "77",
  statusIds: ids,
  category: "spam",
  instanceRuleIds: [],
  comment: "",
  forwarded: false,
  domain: null,
  state: "open",
  createdAt,
  resolvedAt: null,
});

const hour = 3_600_000;
const filedAt = new Date("2026-11-25T10:00:00Z");

Deno.test("planReport() holds new evidence while our open report is younger than the follow-up delay", () => {
  const plan = planReport(analysis(["1", "2"]), 1, [open(["1"], filedAt)], {
    now: new Date(filedAt.getTime() + hour),
    afterMs: 24 * hour,
  });
  assert.deepEqual(plan, { file: false, decision: "already_reported" });
});

Deno.test("planReport() files a follow-up naming the new evidence once the delay has passed", () => {
  const plan = planReport(analysis(["1", "2"]), 1, [open(["1"], filedAt)], {
    now: new Date(filedAt.getTime() + 25 * hour),
    afterMs: 24 * hour,
  });
  assert.equal(plan.file, true);
  assert.deepEqual(plan.file && plan.newEvidence, { previousReportId: "77", statusCount: 1 });
});

Deno.test("planReport() never files again without new evidence, however old our report", () => {
  const plan = planReport(analysis(["1"]), 1, [open(["1"], filedAt)], {
    now: new Date(filedAt.getTime() + 100 * hour),
    afterMs: 24 * hour,
  });
  assert.deepEqual(plan, { file: false, decision: "already_reported" });
});
