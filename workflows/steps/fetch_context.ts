/**
 * fetch_context: the account, the statuses that triggered the run, its recent statuses and the
 * campaign counters, stored as the run's engine input. A failed fetch is an error, never "no
 * statuses": scoring an account on missing data would call it clean.
 */
import { upsertAccount } from "../../db/accounts.ts";
import { MastodonError } from "../../mastodon/errors.ts";
import type { AdminAccount, Status } from "../../mastodon/schemas.ts";
import { updateCampaignCounters } from "../campaign.ts";
import {
  addToTimeline,
  cachedAccount,
  cachedRecent,
  cachedStatus,
  knownTimeline,
  rememberAccount,
  rememberRecent,
  slimStatus,
} from "../context_cache.ts";
import { campaignKeys } from "../engine.ts";
import { PermanentError } from "../errors.ts";
import { saveContext } from "../run_context.ts";
import { adminFromStatus, established, farBelow } from "../triage.ts";
import { keys } from "../store.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

const SEEN_COUNT_TTL_MS = 30 * 86_400_000;

/** Gathers and stores the run's engine input; upserts the account row. */
export async function fetchContext(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  const now = deps.clock.now();
  const triggers = await loadTriggers(deps, run);
  const admin = await loadAccount(deps, run.accountId, triggers.at(-1), now);
  const recent = await loadRecent(deps, admin, triggers, now);
  const all = uniqueById([...triggers, ...recent.statuses]);
  const since = now.getTime() - deps.config.campaignWindowMs;
  const counters = await updateCampaignCounters(
    deps.kv,
    run.accountId,
    all.filter((s) => Date.parse(s.created_at) >= since),
    campaignKeys,
    deps.config.campaignWindowMs,
  );
  await upsertAccount(deps.sql, admin, now);
  // What a later re-read compares with, to notice statuses that arrived unseen.
  const count = Math.max(admin.account.statuses_count, all.length);
  await deps.kv.set(keys.seenCount(run.accountId), count, { expireIn: SEEN_COUNT_TTL_MS });
  await saveContext(deps.sql, run.id, run.accountId, {
    account: admin.account,
    adminAccount: admin,
    status: triggers.at(-1) ?? null,
    recentStatuses: all,
    counters,
    now: now.getTime(),
  });
  return { statusesFrom: recent.from };
}

async function loadAccount(
  deps: WorkflowDeps,
  id: string,
  trigger: Status | undefined,
  now: Date,
): Promise<AdminAccount> {
  const cached = await cachedAccount(deps.kv, id);
  if (cached) return cached;
  // A status carries what the rules read of its author beyond the sign-up fields (e-mail, IP,
  // reason), which only a local account has and only matter while it is new: a remote author's
  // Admin::Account would tell nothing more.
  if (
    trigger &&
    (trigger.account.acct.includes("@") ||
      established(trigger.account.created_at, now, deps.config.youngAccountMs))
  ) {
    return adminFromStatus(trigger);
  }
  try {
    const admin = await deps.mastodon.adminAccount(id);
    await rememberAccount(deps.kv, admin, deps.config.contextCacheMs);
    return admin;
  } catch (err) {
    if (err instanceof MastodonError && err.status === 404) {
      throw new PermanentError(`account ${id} does not exist at Mastodon`, { cause: err });
    }
    throw err;
  }
}

async function loadTriggers(deps: WorkflowDeps, run: Run): Promise<Status[]> {
  const out: Status[] = [];
  for (const id of run.statusIds) {
    const status = await cachedStatus(deps.kv, id) ?? await fetchStatus(deps, id);
    // A status deleted since the trigger, or one by someone else, is not this account's.
    if (status && status.account.id === run.accountId) out.push(status);
  }
  return out;
}

async function fetchStatus(deps: WorkflowDeps, id: string): Promise<Status | undefined> {
  try {
    return slimStatus(await deps.mastodon.status(id));
  } catch (err) {
    // 404 is a definite answer (deleted); anything else is a failed fetch and must retry.
    if (err instanceof MastodonError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * The account's recent statuses. Nothing is fetched when it has none, or when webhooks and the
 * stream have shown as many statuses as its statuses_count says it has: every call must buy
 * information that nothing else gives.
 */
async function loadRecent(
  deps: WorkflowDeps,
  admin: AdminAccount,
  triggers: Status[],
  now: Date,
): Promise<{ statuses: Status[]; from: "none" | "known" | "fetched" | "triaged" }> {
  const known = uniqueById([...triggers, ...await knownTimeline(deps.kv, admin.id)]);
  const count = Math.max(
    admin.account.statuses_count,
    ...known.map((s) => s.account.statuses_count ?? 0),
  );
  if (count === 0) return { statuses: known, from: "none" };
  if (known.length >= count) return { statuses: known, from: "known" };
  if (
    established(admin.created_at, now, deps.config.youngAccountMs) &&
    await farBelow(deps, await deps.rules(), admin, triggers.at(-1), known, now)
  ) {
    return { statuses: known, from: "triaged" };
  }
  const cached = await cachedRecent(deps.kv, admin.id);
  if (cached) return { statuses: uniqueById([...known, ...cached]), from: "fetched" };
  const statuses = (await deps.mastodon.accountStatuses(admin.id, {
    limit: deps.config.recentStatusLimit,
    excludeReblogs: true,
  })).map(slimStatus);
  await rememberRecent(deps.kv, admin.id, statuses, deps.config.contextCacheMs);
  await addToTimeline(deps.kv, admin.id, statuses);
  return { statuses: uniqueById([...known, ...statuses]), from: "fetched" };
}

function uniqueById(statuses: Status[]): Status[] {
  const seen = new Map<string, Status>();
  for (const s of statuses) if (!seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()];
}
