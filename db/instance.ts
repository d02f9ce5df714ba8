/** The Mastodon instance this database serves: recorded once, checked at every start. */
import type { Sql } from "./connect.ts";

/** Who the instance is, as the service saw it. */
export interface InstanceIdentity {
  domain: string;
  baseUrl: string;
  adminAccountId: string;
  reporterAccountId: string | null;
  recordedAt: Date;
}

interface DbRow {
  domain: string;
  base_url: string;
  admin_account_id: string;
  reporter_account_id: string | null;
  recorded_at: Date;
}

/** The recorded identity, or undefined before the first start against an instance. */
export async function getInstanceIdentity(sql: Sql): Promise<InstanceIdentity | undefined> {
  const rows = await sql<DbRow[]>`SELECT * FROM instance_identity`;
  const r = rows[0];
  if (!r) return undefined;
  return {
    domain: r.domain,
    baseUrl: r.base_url,
    adminAccountId: r.admin_account_id,
    reporterAccountId: r.reporter_account_id,
    recordedAt: r.recorded_at,
  };
}

/**
 * Records the identity unless one is recorded already (two processes starting at once agree on
 * the first); returns the identity that stands.
 */
export async function recordInstanceIdentity(
  sql: Sql,
  id: Omit<InstanceIdentity, "recordedAt">,
  at = new Date(),
): Promise<InstanceIdentity> {
  await sql`
    INSERT INTO instance_identity (domain, base_url, admin_account_id, reporter_account_id,
                                   recorded_at, updated_at)
    VALUES (${id.domain}, ${id.baseUrl}, ${id.adminAccountId}, ${id.reporterAccountId}, ${at},
            ${at})
    ON CONFLICT (singleton) DO NOTHING`;
  return (await getInstanceIdentity(sql))!;
}

/** Updates the admin and reporter accounts of the recorded instance (a token was replaced). */
export async function updateInstanceAccounts(
  sql: Sql,
  accounts: { adminAccountId?: string; reporterAccountId?: string; baseUrl?: string },
  at = new Date(),
): Promise<void> {
  await sql`
    UPDATE instance_identity SET
      admin_account_id = coalesce(${accounts.adminAccountId ?? null}, admin_account_id),
      reporter_account_id = coalesce(${accounts.reporterAccountId ?? null}, reporter_account_id),
      base_url = coalesce(${accounts.baseUrl ?? null}, base_url),
      updated_at = ${at}`;
}
