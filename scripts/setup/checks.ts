/**
 * What `deno task setup` checks at the Mastodon server, each problem worded with what to change
 * in Mastodon's own screens: the version, then each token's scopes and its account's role. Every
 * probe is a read, except the reporter's, a POST /api/v1/reports without an account, which
 * Mastodon refuses after checking the scope (404) and so files nothing.
 */
import { compareVersions, parseVersion, PERMISSIONS } from "../../mastodon/startup.ts";

const TIMEOUT_MS = 15_000;
const DEV_APP = "Preferences > Development > (the application)";

/** A problem found, with the setting it concerns and what to do about it. */
export interface Problem {
  setting: string;
  problem: string;
  fix: string;
}

/** A Mastodon answer: status and JSON (undefined when the body is not JSON). */
interface Answer {
  status: number;
  json: unknown;
}

/** Calls Mastodon; a network failure or timeout is status 0. */
async function call(base: string, path: string, token?: string, method = "GET"): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        "user-agent": "MastoWatch-setup",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(method === "POST" ? { "content-type": "application/json" } : {}),
      },
      body: method === "POST" ? "{}" : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text) };
    } catch {
      return { status: res.status, json: undefined };
    }
  } catch {
    return { status: 0, json: undefined };
  }
}

/** The instance's version and domain, or the problem that stops setup. */
export async function checkInstance(
  base: string,
  minVersion: string,
): Promise<{ version: string; domain: string } | Problem> {
  const setting = "INSTANCE_BASE";
  const r = await call(base, "/api/v2/instance");
  const body = r.json as { version?: unknown; domain?: unknown } | undefined;
  if (r.status === 0) {
    return { setting, problem: `cannot reach ${base}`, fix: "check the address and the network" };
  }
  if (r.status !== 200 || typeof body?.version !== "string") {
    return {
      setting,
      problem: `${base}/api/v2/instance answered ${r.status} without a Mastodon version`,
      fix: `give the base URL of a Mastodon ${minVersion} or newer (https://your.server)`,
    };
  }
  const version = body.version;
  if (!parseVersion(version)) {
    return { setting, problem: `unreadable version "${version}"`, fix: "is this Mastodon?" };
  }
  if (compareVersions(version, minVersion) < 0) {
    return {
      setting,
      problem: `Mastodon ${version} is older than ${minVersion} (MIN_MASTODON_VERSION)`,
      fix: "upgrade Mastodon first",
    };
  }
  return { version, domain: String(body.domain ?? new URL(base).host) };
}

const scopeFix = (scope: string) =>
  `in ${DEV_APP}, tick ${scope} under Scopes and Save changes; Mastodon then regenerates the ` +
  `token: copy the new "Your access token"`;

const refused = (setting: string): Problem => ({
  setting,
  problem: "Mastodon does not accept this token (401: wrong, revoked, or of another server)",
  fix: `copy "Your access token" from ${DEV_APP} on this server`,
});

/** The admin token's account, or every problem with the token, its scopes and its role. */
export async function checkAdminToken(
  base: string,
  token: string,
): Promise<{ acct: string; id: string; role: string } | Problem[]> {
  const setting = "MASTODON_ADMIN_TOKEN";
  const me = await call(base, "/api/v1/accounts/verify_credentials", token);
  if (me.status === 401) return [refused(setting)];
  if (me.status === 403) {
    return [{
      setting,
      problem: "the token lacks the scope read:accounts",
      fix: scopeFix("read:accounts"),
    }];
  }
  const account = me.json as
    | { id?: string; acct?: string; role?: { name?: string; permissions?: string } }
    | undefined;
  if (me.status !== 200 || !account?.id) {
    return [{ setting, problem: `verify_credentials answered ${me.status}`, fix: "try again" }];
  }
  const problems: Problem[] = [];
  const role = account.role?.name || "(no role)";
  const bits = /^\d+$/.test(account.role?.permissions ?? "")
    ? BigInt(account.role!.permissions!)
    : 0n;
  const has = (flag: bigint) => (bits & PERMISSIONS.administrator) !== 0n || (bits & flag) !== 0n;
  const lacking = [
    ...(has(PERMISSIONS.manage_users) ? [] : ["Manage Users"]),
    ...(has(PERMISSIONS.manage_reports) ? [] : ["Manage Reports"]),
  ];
  if (lacking.length > 0) {
    problems.push({
      setting,
      problem: `its account @${account.acct} has the role ${role}, which lacks ${
        lacking.join(" and ")
      }`,
      fix: account.role?.name
        ? `in Administration > Roles > ${account.role.name}, tick ${lacking.join(" and ")} and ` +
          "Save changes (or give the account another role)"
        : `give @${account.acct} a role with ${lacking.join(" and ")}: Administration > ` +
          "Accounts > the account > Change role",
    });
  }
  // With the role in order, a 403 here can only be the token's scope.
  const probes = [
    { scope: "admin:read:accounts", path: "/api/v1/admin/accounts?limit=1" },
    { scope: "admin:read:reports", path: "/api/v1/admin/reports?limit=1" },
    { scope: "read:statuses", path: `/api/v1/accounts/${account.id}/statuses?limit=1` },
  ];
  for (const p of probes) {
    const r = await call(base, p.path, token);
    if (r.status === 200) continue;
    if (r.status === 403 && lacking.length > 0 && p.scope.startsWith("admin:")) continue;
    problems.push({
      setting,
      problem: r.status === 403
        ? `the token lacks the scope ${p.scope}`
        : `${p.path} answered ${r.status}`,
      fix: r.status === 403 ? scopeFix(p.scope) : "try again",
    });
  }
  return problems.length > 0 ? problems : { acct: account.acct ?? "", id: account.id, role };
}

/** The reporter token's account (when it may read it), or the problems with the token. */
export async function checkReporterToken(
  base: string,
  token: string,
  setting = "MASTODON_REPORTER_TOKEN",
): Promise<{ acct?: string } | Problem[]> {
  // No account_id: Mastodon checks the token and its scope, then fails to find the account.
  const probe = await call(base, "/api/v1/reports", token, "POST");
  if (probe.status === 401) return [refused(setting)];
  if (probe.status === 403) {
    return [{
      setting,
      problem: "the token lacks the scope write:reports",
      fix: scopeFix("write:reports"),
    }];
  }
  if (probe.status === 0 || probe.status >= 500) {
    return [{
      setting,
      problem: `POST /api/v1/reports answered ${probe.status}`,
      fix: "try again",
    }];
  }
  // A token scoped to write:reports alone may not read its own account (403): that is enough.
  const me = await call(base, "/api/v1/accounts/verify_credentials", token);
  const acct = me.status === 200 ? (me.json as { acct?: string })?.acct : undefined;
  return { acct };
}
