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
  cachedAccount,
  cachedRecent,
  cachedStatus,
  rememberAccount,
  rememberRecent,
  slimStatus,
} from "../context_cache.ts";
import { campaignKeys } from "../engine.ts";
import { PermanentError } from "../errors.ts";
import { saveContext } from "../run_context.ts";
import type { Run, StepOutput, WorkflowDeps } from "../types.ts";

/** Gathers and stores the run's engine input; upserts the account row. */
export async function fetchContext(deps: WorkflowDeps, run: Run): Promise<StepOutput> {
  const now = deps.clock.now();
  const admin = await loadAccount(deps, run.accountId);
  const triggers = await loadTriggers(deps, run);
  const recent = await loadRecent(deps, run.accountId);
  const all = uniqueById([...triggers, ...recent]);
  const since = now.getTime() - deps.config.campaignWindowMs;
  const counters = await updateCampaignCounters(
    deps.kv,
    run.accountId,
    all.filter((s) => Date.parse(s.created_at) >= since),
    campaignKeys,
    deps.config.campaignWindowMs,
  );
  await upsertAccount(deps.sql, admin, now);
  await saveContext(deps.sql, run.id, run.accountId, {
    account: admin.account,
    adminAccount: admin,
    status: triggers.at(-1) ?? null,
    recentStatuses: all,
    counters,
    now: now.getTime(),
  });
  return {};
}

async function loadAccount(deps: WorkflowDeps, id: string): Promise<AdminAccount> {
  const cached = await cachedAccount(deps.kv, id);
  if (cached) return cached;
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

async function loadRecent(deps: WorkflowDeps, id: string): Promise<Status[]> {
  const cached = await cachedRecent(deps.kv, id);
  if (cached) return cached;
  const statuses = (await deps.mastodon.accountStatuses(id, {
    limit: deps.config.recentStatusLimit,
    excludeReblogs: true,
  })).map(slimStatus);
  await rememberRecent(deps.kv, id, statuses, deps.config.contextCacheMs);
  return statuses;
}

function uniqueById(statuses: Status[]): Status[] {
  const seen = new Map<string, Status>();
  for (const s of statuses) if (!seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()];
}
