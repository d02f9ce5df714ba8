/** What intake needs from the workflow: starting a run, and keeping context a webhook carried. */

/** Why a run was started. */
export type Trigger = "poll" | "webhook" | "stream" | "rescan" | "user_report";

/** Starts per-account runs; the same dedupKey within a day gives the same run. */
export interface RunStarter {
  startRun(input: {
    accountId: string;
    trigger: Trigger;
    statusId?: string;
    dedupKey?: string;
  }): Promise<{ runId: string; created: boolean }>;
  /** Keeps a status the webhook carried, so the run need not fetch it again. */
  rememberStatus(status: Record<string, unknown> & { id: string }): Promise<void>;
  /** Keeps an Admin::Account a poll or webhook carried, for the same reason. */
  rememberAccount(account: Record<string, unknown> & { id: string }): Promise<void>;
  /** Notes a user's report on an account as open, or as resolved. */
  noteUserReport(accountId: string, open: boolean): Promise<void>;
}
