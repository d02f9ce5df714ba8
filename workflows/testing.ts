/** Test fixtures of the workflow: in-memory KV, a fresh database, the fake Mastodon, rules. */
import { getSettings } from "../db/settings.ts";
import { FakeMastodon } from "../mastodon/fake.ts";
import type { Status } from "../mastodon/schemas.ts";
import { testDatabase } from "../tests/db.ts";
import type { Hit } from "../rules/types.ts";
import { processRun, STEP_FNS, type StepFn } from "./dispatch.ts";
import type { RuleSet } from "./engine.ts";
import { getRun } from "./runs.ts";
import { type Step, TERMINAL, type WorkflowConfig, type WorkflowDeps } from "./types.ts";

/** A keyword rule for tests: hits every status whose text contains `term`. */
export interface TestRule {
  name: string;
  term: string;
  weight: number;
  mode?: "shadow" | "report";
  category?: "spam" | "violation" | "legal" | "other";
  ruleIds?: string[];
}

/** Spam that crosses the default threshold of the test configuration. */
export const SPAM_RULES: TestRule[] = [
  { name: "crypto-giveaway", term: "free crypto", weight: 3, mode: "report" },
  { name: "shady-link", term: "scam.example", weight: 2, mode: "report" },
  { name: "shadow-probe", term: "probe", weight: 10, mode: "shadow" },
];

/** A rule set over keyword rules; score sums report-mode hits, shadow_score all hits. */
export function keywordRules(rules: TestRule[]): RuleSet {
  return {
    versions: Object.fromEntries(rules.map((r) => [r.name, 1])),
    evaluate(input) {
      const statuses = (input.recentStatuses ?? []) as Status[];
      const hits: Hit[] = [];
      for (const r of rules) {
        const matching = statuses.filter((s) => s.content.toLowerCase().includes(r.term));
        if (matching.length === 0) continue;
        hits.push({
          rule: {
            name: r.name,
            version: 1,
            mode: r.mode ?? "report",
            category: r.category ?? "spam",
            instance_rule_ids: r.ruleIds ?? [],
          },
          weight: r.weight,
          evidence: matching.map((s) => ({ status_id: s.id, field: "content", text: s.content })),
        });
      }
      const sum = (hs: Hit[]) => hs.reduce((n, h) => n + h.weight, 0);
      return {
        score: sum(hits.filter((h) => h.rule.mode === "report")),
        shadow_score: sum(hits),
        hits,
      };
    },
  };
}

/** Everything a workflow test needs, and how to close it. */
export interface Harness {
  deps: WorkflowDeps;
  mastodon: FakeMastodon;
  sent: { url: string; body: string }[];
  close(): Promise<void>;
}

/** Builds dependencies over fresh stores; timings scaled down to milliseconds. */
export async function harness(
  over: { rules?: TestRule[]; config?: Partial<WorkflowConfig> } = {},
): Promise<Harness> {
  const kv = await Deno.openKv(":memory:");
  const db = await testDatabase();
  const mastodon = new FakeMastodon();
  const sent: { url: string; body: string }[] = [];
  const config: WorkflowConfig = {
    reportThreshold: 3,
    forwardRemote: true,
    reportDailyBudget: 100,
    reportDomainDailyBudget: 50,
    reportFollowUpMs: 0,
    intentConfirmMs: 0,
    dryRunDefault: false,
    uiOrigin: "https://watch.example",
    slackWebhooks: { "report.filed": "https://hooks.example/filed" },
    maxAttempts: 3,
    baseDelayMs: 1,
    maxDelayMs: 5,
    panicRecheckMs: 20,
    budgetRecheckMs: 20,
    leaseMs: 60_000,
    recentStatusLimit: 40,
    contextCacheMs: 60_000,
    campaignWindowMs: 3_600_000,
    notifyTimeoutMs: 1_000,
    notifyRetryDelayMs: 1,
    ...over.config,
  };
  const rules = keywordRules(over.rules ?? SPAM_RULES);
  const deps: WorkflowDeps = {
    kv,
    sql: db.sql,
    mastodon,
    rules: () => Promise.resolve(rules),
    clock: { now: () => new Date() },
    settings: { read: () => getSettings(db.sql, { dryRun: config.dryRunDefault }) },
    config,
    fetch: (input, init) => {
      sent.push({ url: String(input), body: String(init?.body) });
      return Promise.resolve(new Response("ok"));
    },
    sleep: () => Promise.resolve(),
  };
  return {
    deps,
    mastodon,
    sent,
    close: async () => {
      kv.close();
      await db.close();
    },
  };
}

/** Advances a run by calling the dispatcher until it rests (terminal or waiting). */
export async function drive(
  deps: WorkflowDeps,
  runId: string,
  steps: Record<Step, StepFn> = STEP_FNS,
  maxSteps = 50,
) {
  for (let i = 0; i < maxSteps; i++) {
    const state = await processRun(deps, runId, steps);
    if (state === undefined || TERMINAL.has(state) || state === "waiting") {
      return (await getRun(deps, runId))!;
    }
  }
  throw new Error(`run ${runId} did not rest within ${maxSteps} steps`);
}

/** Adds a spam account with statuses the spam rules hit; returns its ids. */
export function spamAccount(m: FakeMastodon, domain: string | null = null) {
  const account = m.addAccount({ username: `spammer${m.accounts.length}`, domain });
  const spam = [
    m.addStatus(account.id, { content: "<p>Free crypto for everyone!</p>" }),
    m.addStatus(account.id, { content: "<p>Claim it at https://scam.example/now</p>" }),
  ];
  m.addStatus(account.id, { content: "<p>Good morning</p>" });
  return { accountId: account.id, spamIds: spam.map((s) => s.id) };
}
