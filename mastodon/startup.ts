/** Start-up checks: the Mastodon server is new enough and both tokens can do their jobs. */
import { getLogger } from "@logtape/logtape";
import type { Mastodon } from "./client.ts";
import { MastodonError } from "./errors.ts";

const log = getLogger(["mastowatch", "mastodon"]);

/** Mastodon's role permission flags (UserRole::FLAGS) that MastoWatch depends on. */
export const PERMISSIONS = {
  administrator: 1n << 0n,
  manage_reports: 1n << 4n,
  manage_users: 1n << 10n,
} as const;

/** What the admin token must be allowed, with what breaks without it. */
const REQUIRED = [
  { flag: "manage_users", label: "Manage Users", need: "read accounts" },
  { flag: "manage_reports", label: "Manage Reports", need: "read reports" },
] as const;

interface Version {
  core: [number, number, number];
  pre: string[];
}

/** Parses "4.6.4", "4.3.0+glitch", "4.5.0-beta.1"; build metadata after "+" is ignored. */
export function parseVersion(text: string): Version | undefined {
  const m = text.trim().match(/^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/);
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)], pre: m[4]?.split(".") ?? [] };
}

/** Orders versions as semver does: a pre-release comes before its release. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`Cannot compare versions "${a}" and "${b}"`);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i] - y.core[i];
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/** What the start-up check learned about the instance and its tokens. */
export interface CheckedMastodon {
  version: string;
  /** The instance's domain, from /api/v2/instance. */
  domain: string;
  adminAccount: string;
  adminAccountId: string;
  reporterAccount?: string;
  /** Known when the reporter token may read its own account. */
  reporterAccountId?: string;
}

/**
 * Checks, before MastoWatch starts work, that Mastodon is at least `minVersion`, that both tokens
 * are accepted, and that the admin token's role may read accounts and reports. Throws an Error
 * whose message tells the operator what to fix.
 */
export async function checkMastodon(
  m: Mastodon,
  minVersion: string,
): Promise<CheckedMastodon> {
  const instance = await explain(m.instance(), "read the server version from /api/v2/instance");
  const version = instance.version;
  if (!parseVersion(version)) {
    throw new Error(`Mastodon reports version "${version}", which MastoWatch cannot read`);
  }
  if (compareVersions(version, minVersion) < 0) {
    throw new Error(
      `Mastodon ${version} at ${instance.domain} is older than ${minVersion}, ` +
        `the oldest version MastoWatch supports; upgrade Mastodon first`,
    );
  }
  const admin = await explain(m.verifyCredentials("admin"), "verify the admin access token");
  const reporter = await verifyReporter(m);
  const bits = admin.role?.permissions ?? "0";
  const permissions = /^\d+$/.test(bits) ? BigInt(bits) : 0n;
  const isAdministrator = (permissions & PERMISSIONS.administrator) !== 0n;
  const missing = REQUIRED.filter((r) => !isAdministrator && !(permissions & PERMISSIONS[r.flag]));
  if (missing.length > 0) {
    const role = admin.role?.name
      ? `whose role "${admin.role.name}" lacks`
      : "which has no role and so lacks";
    const lacks = missing.map((r) => `${r.label} (${r.flag}) to ${r.need}`).join(" and ");
    throw new Error(
      `The admin token belongs to @${admin.acct}, ${role} ${lacks}; ` +
        `grant these permissions to the role in Mastodon's Administration > Roles`,
    );
  }
  // The role allows it, but the token's scopes may not: one small read of each proves both.
  await explain(m.listAdminAccounts({ limit: 1 }), "list accounts (scope admin:read:accounts)");
  await explain(m.listAdminReports({ limit: 1 }), "list reports (scope admin:read:reports)");
  log.info("Mastodon {version} checked: admin @{admin}, reporter @{reporter}", {
    version,
    admin: admin.acct,
    reporter: reporter?.acct ?? "(token without read:accounts)",
  });
  return {
    version,
    domain: instance.domain,
    adminAccount: admin.acct,
    adminAccountId: admin.id,
    reporterAccount: reporter?.acct,
    reporterAccountId: reporter?.id,
  };
}

/**
 * Verifies the reporter token. A token scoped to `write:reports` alone is the least a reporter
 * needs, and Mastodon answers its verify_credentials with 403: that is accepted (the token is
 * known and only lacks read:accounts); a 401 (unknown or revoked token) is not.
 */
async function verifyReporter(m: Mastodon) {
  try {
    return await m.verifyCredentials("reporter");
  } catch (err) {
    if (err instanceof MastodonError && err.status === 403) {
      log.info(
        "The reporter token cannot read its account (no read:accounts); it only files reports",
      );
      return undefined;
    }
    return await explain(Promise.reject(err), "verify the reporter access token");
  }
}

/** Rewords a failed start-up call for the operator, keeping the MastodonError as its cause. */
async function explain<T>(call: Promise<T>, what: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof MastodonError)) throw err;
    const hint = err.status === 401
      ? "the token is invalid or revoked"
      : err.status === 403
      ? "the token lacks the scope or its account the role permission"
      : err.status === 0 || err.retryable
      ? "Mastodon is unreachable or failing; check the base URL and try again"
      : "Mastodon refused the call";
    throw new Error(`Could not ${what}: ${hint} (${err.message})`, { cause: err });
  }
}
