/**
 * Triage: what a run of an established account may skip. It is first scored on what is already
 * known (the account the poll or the status carries, the statuses webhooks and the stream
 * delivered); only a provisional score near the threshold earns a fetch of its history, and a
 * status-triggered run takes the account from its status instead of asking for it. Young
 * accounts (where spam waves are) always get the full context; what an established account
 * posts later reaches us by webhook or stream and is triaged again.
 */
import type { AdminAccount, Status } from "../mastodon/schemas.ts";
import type { EngineInput, RuleSet } from "./engine.ts";
import type { WorkflowDeps } from "./types.ts";

/** Below this share of the threshold, a provisional score does not earn a fetch. */
export const TRIAGE_SHARE = 0.5;

/** Whether an account is established: older than the young window (when one is set). */
export function established(
  created: string,
  now: Date,
  youngAccountMs: number | undefined,
): boolean {
  if (youngAccountMs === undefined) return false;
  const t = Date.parse(created);
  return Number.isFinite(t) && now.getTime() - t > youngAccountMs;
}

/**
 * The Admin::Account as far as a status shows it: the public account, without the sign-up
 * fields (e-mail, IP, reason) that only matter for new local accounts, which are never
 * established.
 */
export function adminFromStatus(status: Status): AdminAccount {
  const a = status.account;
  const at = a.acct.indexOf("@");
  return {
    id: a.id,
    username: a.username,
    domain: at >= 0 ? a.acct.slice(at + 1) : null,
    created_at: a.created_at,
    email: null,
    ip: null,
    locale: null,
    invite_request: null,
    silenced: (a as { limited?: boolean }).limited === true,
    suspended: (a as { suspended?: boolean }).suspended === true,
    created_by_application_id: null,
    invited_by_account_id: null,
    account: a,
  };
}

/** True when the known statuses leave the account far enough below the threshold. */
export async function farBelow(
  deps: Pick<WorkflowDeps, "config">,
  rules: RuleSet,
  admin: AdminAccount,
  trigger: Status | undefined,
  known: Status[],
  now: Date,
): Promise<boolean> {
  const input: EngineInput = {
    account: admin.account,
    adminAccount: admin,
    status: trigger ?? null,
    recentStatuses: known,
    counters: { texts: {}, links: {}, blurhashes: {} },
    now: now.getTime(),
  };
  const verdict = rules.evaluateOffThread
    ? await rules.evaluateOffThread(input)
    : rules.evaluate(input);
  return verdict.score < deps.config.reportThreshold * TRIAGE_SHARE;
}
