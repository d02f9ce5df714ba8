/** Turns an accepted Mastodon webhook into a run for the account it concerns. */
import type { IntakeResult, WebhookEvent } from "../routes/webhooks.ts";
import type { RunStarter } from "./port.ts";
import { type ProfileComparer, profileDedupKey } from "./profile_recheck.ts";
import type { ProfileParts } from "../rules/profile.ts";

type Obj = Record<string, unknown>;

function idOf(value: unknown): string | undefined {
  const id = (value as Obj | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

// The marker that ends our report comments (see workflows/report_comment.ts).
const OUR_MARKER = /\[mastowatch run [^\]]+\]\s*$/;

/**
 * Our own report: by the reporter's id when the reporter token could tell us who it is (a user
 * cannot forge that); else, for a token limited to write:reports, by the marker in the comment.
 */
function isOurs(reporter: string | undefined, comment: unknown, ourId: string | undefined) {
  if (ourId !== undefined) return reporter === ourId;
  return typeof comment === "string" && OUR_MARKER.test(comment);
}

function queued(r: { runId: string; created: boolean }): IntakeResult {
  return { status: r.created ? "queued" : "duplicate", run_id: r.runId };
}

/** The event name under which a streamed remote status passes through the inbox. */
export const STREAMED_EVENT = "status.streamed";

/** The events intake acts on; others are answered at once and not stored. */
export const ACTED_ON_EVENTS: ReadonlySet<string> = new Set([
  "status.created",
  "status.updated",
  "account.created",
  "account.approved",
  "account.updated",
  "report.created",
  "report.updated",
]);

/**
 * The webhook route's hand-over: events intake acts on are stored in the inbox (their runs
 * start off the request path); others are ignored at once.
 */
export function webhookIntake(
  inbox: { accept(event: WebhookEvent, id: string, raw?: Uint8Array): Promise<IntakeResult> },
) {
  return (event: WebhookEvent, deliveryId: string, raw?: Uint8Array): Promise<IntakeResult> =>
    ACTED_ON_EVENTS.has(event.event)
      ? inbox.accept(event, deliveryId, raw)
      : Promise.resolve({ status: "ignored", reason: `event ${event.event} is not acted on` });
}

/**
 * Maps events to runs: status events start a run for the author with that status; account
 * events for the account (account.updated only when the profile changed since the last
 * analysis); a user's report starts an analysis of its target (never a report of
 * ours on top of it). Reports we filed ourselves, and other events, are ignored.
 */
export function webhookHandler(
  runs: RunStarter,
  ownAccountId: () => string | undefined,
  /** Compares an edited profile with the last analysis; without it every edit starts a run. */
  profiles?: ProfileComparer,
) {
  return async (event: WebhookEvent, deliveryId: string): Promise<IntakeResult> => {
    const obj = event.object as Obj;
    switch (event.event) {
      case "status.created":
      case "status.updated":
      // A remote status from the streaming API (intake/stream_intake.ts), never from the route.
      case STREAMED_EVENT: {
        const accountId = idOf(obj.account);
        if (!accountId) return { status: "ignored", reason: "status without an account" };
        await runs.rememberStatus(event.object);
        const r = await runs.startRun({
          accountId,
          trigger: event.event === STREAMED_EVENT ? "stream" : "webhook",
          statusId: event.object.id,
          dedupKey: `webhook:${deliveryId}`,
        });
        return queued(r);
      }
      case "account.created":
      case "account.approved": {
        await runs.rememberAccount(event.object);
        const r = await runs.startRun({
          accountId: event.object.id,
          trigger: "webhook",
          dedupKey: `webhook:${deliveryId}`,
        });
        return queued(r);
      }
      case "account.updated": {
        // Mastodon sends it for any change to a local account; only a profile that differs
        // from what the last analysis saw (or was never analysed) is worth a run.
        const account = (obj.account ?? {}) as ProfileParts;
        const changed = await profiles?.changes(event.object.id, account);
        if (changed && changed.length === 0) {
          return { status: "ignored", reason: "profile unchanged since the last analysis" };
        }
        await runs.rememberAccount(event.object);
        const r = await runs.startRun({
          accountId: event.object.id,
          trigger: "webhook",
          dedupKey: profileDedupKey(event.object.id, account),
        });
        return queued(r);
      }
      case "report.created": {
        const reporter = idOf(obj.account);
        const target = idOf(obj.target_account);
        if (!target) return { status: "ignored", reason: "report without a target" };
        if (isOurs(reporter, obj.comment, ownAccountId())) {
          return { status: "ignored", reason: "our own report" };
        }
        await runs.noteUserReport(target, true);
        const r = await runs.startRun({
          accountId: target,
          trigger: "user_report",
          dedupKey: `webhook:${deliveryId}`,
        });
        return queued(r);
      }
      case "report.updated": {
        // A user's report that moderators resolved no longer stands in the way of ours.
        const target = idOf(obj.target_account);
        if (
          target && obj.action_taken === true &&
          !isOurs(idOf(obj.account), obj.comment, ownAccountId())
        ) {
          await runs.noteUserReport(target, false);
        }
        return { status: "ignored", reason: "report updates only clear what report.created noted" };
      }
      default:
        return { status: "ignored", reason: `event ${event.event} is not acted on` };
    }
  };
}
