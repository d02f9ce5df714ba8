/**
 * Profile edits after sign-up: an account that turns its bio, fields, name or avatar into spam
 * is looked at again. The account.updated webhook and a periodic pass over recently seen
 * accounts both compare the profile with what the last analysis saw (a digest per part, no API
 * call for the webhook, one Admin::Account read per account for the pass) and start a run only
 * when it changed; the run's profile_changed evidence says what changed.
 */
import type { Sql } from "../db/connect.ts";
import { markProfilesChecked, profilesToRecheck, storedProfile } from "../db/profiles.ts";
import type { Mastodon } from "../mastodon/client.ts";
import { MastodonError } from "../mastodon/errors.ts";
import { profileChanges, profileFingerprint, type ProfileParts } from "../rules/profile.ts";
import { logger } from "../server/log.ts";
import type { RunStarter } from "./port.ts";

const log = logger("intake", "profiles");

/** Compares a profile with what the account's last analysis saw. */
export interface ProfileComparer {
  /** What changed; undefined when the account was never analysed. */
  changes(accountId: string, account: ProfileParts): Promise<string[] | undefined>;
}

/** The comparer over the accounts table. */
export function profileComparer(sql: Sql): ProfileComparer {
  return {
    async changes(accountId, account) {
      const before = await storedProfile(sql, accountId);
      return before && profileChanges(before, profileFingerprint(account));
    },
  };
}

/** A dedup key per edit: the same edit seen twice (webhook and pass) starts one run. */
export function profileDedupKey(accountId: string, account: ProfileParts): string {
  const fp = profileFingerprint(account);
  return `profile:${accountId}:${fp.display_name}${fp.note}${fp.fields}${fp.avatar}`;
}

/** What the pass needs. */
export interface RecheckDeps {
  sql: Sql;
  mastodon: Pick<Mastodon, "adminAccount">;
  runs: RunStarter;
  now: () => Date;
}

/**
 * Re-reads up to `limit` accounts seen within `withinDays`, the longest-unchecked first, and
 * starts a run for each whose profile changed since its last analysis.
 */
export async function recheckProfiles(
  deps: RecheckDeps,
  opts: { withinDays?: number; limit?: number } = {},
): Promise<{ checked: number; started: number }> {
  const now = deps.now();
  const since = new Date(now.getTime() - (opts.withinDays ?? 7) * 86_400_000);
  const due = await profilesToRecheck(deps.sql, since, opts.limit ?? 40);
  const checked: string[] = [];
  let started = 0;
  for (const { id, profile } of due) {
    let admin;
    try {
      admin = await deps.mastodon.adminAccount(id);
    } catch (err) {
      // A deleted account has no profile to re-read; other failures wait for the next pass.
      if (err instanceof MastodonError && err.status === 404) checked.push(id);
      else log.warn("Re-reading account {id} failed: {error}", { id, error: String(err) });
      continue;
    }
    checked.push(id);
    if (profileChanges(profile, profileFingerprint(admin.account)).length === 0) continue;
    await deps.runs.rememberAccount(admin);
    const r = await deps.runs.startRun({
      accountId: id,
      trigger: "poll",
      dedupKey: profileDedupKey(id, admin.account),
    });
    if (r.created) started++;
  }
  await markProfilesChecked(deps.sql, checked, now);
  if (started > 0) {
    log.info("Profiles re-read: {checked}, changed: {started}", {
      checked: checked.length,
      started,
    });
  }
  return { checked: checked.length, started };
}
