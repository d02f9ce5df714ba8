/** UI sessions and logins under way (migration 0006); ids arrive hashed, never raw. */
import type { Sql } from "./connect.ts";

/** A stored session. */
export interface SessionRow {
  idHash: string;
  accountId: string;
  acct: string;
  role: string;
  tokenSealed: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  roleCheckedAt: Date;
}

/** A login under way. */
export interface LoginRow {
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
}

interface DbSession {
  id_hash: string;
  account_id: string;
  acct: string;
  role: string;
  token_sealed: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  role_checked_at: Date;
}

function toSession(r: DbSession): SessionRow {
  return {
    idHash: r.id_hash,
    accountId: r.account_id,
    acct: r.acct,
    role: r.role,
    tokenSealed: r.token_sealed,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    roleCheckedAt: r.role_checked_at,
  };
}

/** Stores a new session. */
export async function insertSession(sql: Sql, s: SessionRow): Promise<void> {
  await sql`
    INSERT INTO ui_sessions (id_hash, account_id, acct, role, token_sealed, csrf_token,
                             created_at, last_seen_at, expires_at, role_checked_at)
    VALUES (${s.idHash}, ${s.accountId}, ${s.acct}, ${s.role}, ${s.tokenSealed}, ${s.csrfToken},
            ${s.createdAt}, ${s.lastSeenAt}, ${s.expiresAt}, ${s.roleCheckedAt})`;
}

/** The session, when it has neither expired nor been idle since `idleSince`. */
export async function findLiveSession(
  sql: Sql,
  idHash: string,
  now: Date,
  idleSince: Date,
): Promise<SessionRow | undefined> {
  const rows = await sql<DbSession[]>`
    SELECT * FROM ui_sessions
    WHERE id_hash = ${idHash} AND expires_at > ${now} AND last_seen_at > ${idleSince}`;
  return rows[0] ? toSession(rows[0]) : undefined;
}

/** Records activity on a session (what the idle timeout measures from). */
export async function touchSession(sql: Sql, idHash: string, at: Date): Promise<void> {
  await sql`UPDATE ui_sessions SET last_seen_at = ${at} WHERE id_hash = ${idHash}`;
}

/** Records that Mastodon confirmed the moderator's role at `at`. */
export async function markRoleChecked(
  sql: Sql,
  idHash: string,
  at: Date,
  role: string,
): Promise<void> {
  await sql`UPDATE ui_sessions SET role_checked_at = ${at}, role = ${role}
    WHERE id_hash = ${idHash}`;
}

/** Deletes a session and answers what it held (to revoke its token), if it existed. */
export async function deleteSession(sql: Sql, idHash: string): Promise<SessionRow | undefined> {
  const rows = await sql<
    DbSession[]
  >`DELETE FROM ui_sessions WHERE id_hash = ${idHash} RETURNING *`;
  return rows[0] ? toSession(rows[0]) : undefined;
}

/** Deletes sessions that expired or went idle, and stale logins; returns how many sessions. */
export async function pruneSessions(sql: Sql, now: Date, idleSince: Date): Promise<number> {
  const rows = await sql`DELETE FROM ui_sessions
    WHERE expires_at <= ${now} OR last_seen_at <= ${idleSince} RETURNING id_hash`;
  await sql`DELETE FROM oauth_logins WHERE expires_at <= ${now}`;
  return rows.length;
}

/** Stores a login under way, keyed by the hash of its OAuth state. */
export async function insertLogin(
  sql: Sql,
  stateHash: string,
  login: LoginRow,
  expiresAt: Date,
  now: Date = new Date(),
): Promise<void> {
  // Logins left unfinished go as new ones begin, so abandoned ones never pile up.
  await sql`DELETE FROM oauth_logins WHERE expires_at <= ${now}`;
  await sql`INSERT INTO oauth_logins (state_hash, code_verifier, redirect_uri, return_to, expires_at)
    VALUES (${stateHash}, ${login.codeVerifier}, ${login.redirectUri}, ${login.returnTo},
            ${expiresAt})`;
}

/** Takes a login under way (once: it is deleted), unless it has expired. */
export async function takeLogin(
  sql: Sql,
  stateHash: string,
  now: Date,
): Promise<LoginRow | undefined> {
  const rows = await sql<
    { code_verifier: string; redirect_uri: string; return_to: string; expires_at: Date }[]
  >`DELETE FROM oauth_logins WHERE state_hash = ${stateHash} RETURNING *`;
  const r = rows[0];
  if (!r || r.expires_at <= now) return undefined;
  return { codeVerifier: r.code_verifier, redirectUri: r.redirect_uri, returnTo: r.return_to };
}
