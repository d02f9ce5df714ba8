/**
 * Which Mastodon this database serves. Reports, accounts and Mastodon ids of two instances must
 * never mix: the first start records the instance, and a later start against another one (or
 * the same name re-created from scratch, whose ids start over) is refused.
 */
import {
  getInstanceIdentity,
  type InstanceIdentity,
  recordInstanceIdentity,
  updateInstanceAccounts,
} from "../db/instance.ts";
import type { Sql } from "../db/connect.ts";
import { logger } from "../server/log.ts";

const log = logger("main");

/** What this start saw of the instance. */
export interface ObservedInstance {
  domain: string;
  baseUrl: string;
  adminAccountId: string;
  reporterAccountId?: string;
}

/** The instance is not the one this database serves; the message says what to do. */
export class InstanceMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InstanceMismatch";
  }
}

/**
 * Records the instance on the first start and checks it on every later one. A new admin token
 * on the same instance is accepted when the recorded admin account still exists there
 * (`accountExists`); when it does not, the instance was re-created and is refused.
 */
export async function bindInstance(
  sql: Sql,
  seen: ObservedInstance,
  accountExists: (id: string) => Promise<boolean>,
): Promise<InstanceIdentity> {
  const recorded = await getInstanceIdentity(sql);
  if (!recorded) {
    const stands = await recordInstanceIdentity(sql, {
      ...seen,
      reporterAccountId: seen.reporterAccountId ?? null,
    });
    if (stands.domain === seen.domain && stands.adminAccountId === seen.adminAccountId) {
      log.info("This database now serves {domain}", { domain: seen.domain });
      return stands;
    }
    // Another process recorded a different instance first.
    return await bindInstance(sql, seen, accountExists);
  }
  if (normalDomain(recorded.domain) !== normalDomain(seen.domain)) {
    throw new InstanceMismatch(
      `This database serves the Mastodon instance ${describe(recorded)}, but the configured ` +
        `INSTANCE_BASE (${seen.baseUrl}) is ${seen.domain}. MastoWatch will not mix the reports ` +
        `and accounts of two instances. ${howToStartAfresh(recorded, seen)}`,
    );
  }
  if (recorded.adminAccountId !== seen.adminAccountId) {
    if (!(await accountExists(recorded.adminAccountId))) {
      throw new InstanceMismatch(
        `This database serves ${describe(recorded)}, but ${seen.domain} no longer has that ` +
          `admin account: the instance was set up again from scratch, and its account and ` +
          `report ids no longer mean what this database recorded. ` +
          howToStartAfresh(recorded, seen),
      );
    }
    log.info("Admin token of {domain} now belongs to account {now} (was {was})", {
      domain: seen.domain,
      now: seen.adminAccountId,
      was: recorded.adminAccountId,
    });
  }
  const changed = recorded.adminAccountId !== seen.adminAccountId ||
    recorded.baseUrl !== seen.baseUrl ||
    (seen.reporterAccountId !== undefined && seen.reporterAccountId !== recorded.reporterAccountId);
  if (changed) {
    await updateInstanceAccounts(sql, {
      adminAccountId: seen.adminAccountId,
      reporterAccountId: seen.reporterAccountId,
      baseUrl: seen.baseUrl,
    });
  }
  return {
    ...recorded,
    adminAccountId: seen.adminAccountId,
    baseUrl: seen.baseUrl,
    reporterAccountId: seen.reporterAccountId ?? recorded.reporterAccountId,
  };
}

function normalDomain(d: string): string {
  return d.trim().toLowerCase().replace(/\.$/, "");
}

function describe(r: InstanceIdentity): string {
  return `${r.domain} (admin account ${r.adminAccountId}, recorded ${r.recordedAt.toISOString()})`;
}

function howToStartAfresh(recorded: InstanceIdentity, seen: ObservedInstance): string {
  return `To watch ${seen.domain}, start with an empty database: point DATABASE_URL at a new ` +
    `database, or, on the embedded defaults, move DATA_DIR aside (in development: ` +
    `DEVSERVER_RESET=1 deno task dev starts both afresh). To keep watching ${recorded.domain}, ` +
    `set INSTANCE_BASE back to ${recorded.baseUrl}.`;
}
