/**
 * notify: Slack-compatible incoming webhooks per event name, best effort. A failed
 * notification is logged and never holds or fails a run. An account in a spam wave is told
 * once per wave, by the first of its runs to get here, instead of once per account.
 */
import { claimWaveNotification, waveOfAccount } from "../../db/waves.ts";
import { logger } from "../../server/log.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

const log = logger("workflow", "notify");
const TRIES = 3;

/** Names of the events a webhook can be configured for. */
export type NotifyEvent = "report.filed" | "account.flagged" | "run.failed";

/** Sends the notification that fits the run's decision; returns the events sent. */
export async function notify(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  const event = eventOf(run);
  if (!event || !deps.config.slackWebhooks[event]) return { notified: [] };
  const wave = await waveOfAccount(deps.sql, run.accountId);
  let text = textOf(deps, run, event);
  if (wave) {
    if (!(await claimWaveNotification(deps.sql, wave.id, deps.clock.now()))) {
      return { notified: [] };
    }
    text = waveText(deps, wave, text);
  }
  const sent = await notifyEvent(deps, event, text);
  return { notified: sent ? [event] : [] };
}

function waveText(deps: WorkflowDeps, wave: { id: string; accounts: number }, latest: string) {
  const link = deps.config.uiOrigin ? ` ${deps.config.uiOrigin}/waves/${wave.id}` : "";
  return `MastoWatch found spam wave #${wave.id}: ${wave.accounts} accounts so far share what ` +
    `they post; its further accounts are not notified one by one.${link}\nLatest: ${latest}`;
}

function eventOf(run: Run): NotifyEvent | undefined {
  if (run.decision === "reported") return "report.filed";
  if (run.decision && run.decision !== "skipped_below_threshold") return "account.flagged";
  return undefined;
}

function textOf(deps: WorkflowDeps, run: Run, event: NotifyEvent): string {
  const link = deps.config.uiOrigin ? ` ${deps.config.uiOrigin}/accounts/${run.accountId}` : "";
  const rules = (run.ruleNames ?? []).slice(0, 5).join(", ") || "none";
  const what = event === "report.filed"
    ? `filed report ${run.report?.mastodonReportId ?? "?"}${
      run.report?.adopted ? " (recovered)" : ""
    }`
    : `flagged the account (${run.decision?.replace(/_/g, " ")})`;
  return `MastoWatch ${what} for account ${run.accountId}: score ${
    run.score ?? "?"
  }, rules: ${rules}.${link}`;
}

/**
 * Posts `{text}` to the webhook configured for `event`, with a timeout and a few tries.
 * Returns true when delivered; never throws.
 */
export async function notifyEvent(
  deps: WorkflowDeps,
  event: NotifyEvent,
  text: string,
): Promise<boolean> {
  const url = deps.config.slackWebhooks[event];
  if (!url) return false;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    try {
      const res = await deps.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(deps.config.notifyTimeoutMs),
      });
      await res.body?.cancel();
      if (res.ok) return true;
      // A 4xx will not get better by trying again.
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      log.warning("Notification {event} failed (try {attempt}): {error}", {
        event,
        attempt,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    if (attempt < TRIES) await sleep(deps.config.notifyRetryDelayMs * attempt);
  }
  log.warning("Notification {event} not delivered", { event });
  return false;
}
