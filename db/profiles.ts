/** Profile fingerprints per account: what the last analysis saw, and when it was re-read. */
import type { Sql } from "./connect.ts";
import { type ProfileFingerprint, ProfileFingerprintSchema } from "../rules/profile.ts";

/** Records the profile an analysis saw. */
export async function recordProfile(sql: Sql, id: string, fp: ProfileFingerprint, at: Date) {
  await sql`UPDATE accounts SET profile_fingerprint = ${sql.json(fp)}, profile_checked_at = ${at}
            WHERE id = ${id}`;
}

/** The profile the account's last analysis saw; undefined when it was never analysed. */
export async function storedProfile(sql: Sql, id: string): Promise<ProfileFingerprint | undefined> {
  const rows = await sql<{ fp: unknown }[]>`
    SELECT profile_fingerprint AS fp FROM accounts WHERE id = ${id}`;
  const parsed = ProfileFingerprintSchema.safeParse(rows[0]?.fp);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Analysed accounts seen since `since`, the longest-unchecked first, with the profile their
 * last analysis saw: the periodic pass re-reads these.
 */
export async function profilesToRecheck(
  sql: Sql,
  since: Date,
  limit: number,
): Promise<{ id: string; profile: ProfileFingerprint }[]> {
  const rows = await sql<{ id: string; fp: unknown }[]>`
    SELECT id, profile_fingerprint AS fp FROM accounts
    WHERE profile_fingerprint IS NOT NULL AND last_seen_at >= ${since}
    ORDER BY profile_checked_at NULLS FIRST, last_seen_at DESC LIMIT ${limit}`;
  return rows.flatMap((r) => {
    const p = ProfileFingerprintSchema.safeParse(r.fp);
    return p.success ? [{ id: r.id, profile: p.data }] : [];
  });
}

/** Notes that the profiles of `ids` were re-read at `at`. */
export async function markProfilesChecked(sql: Sql, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE accounts SET profile_checked_at = ${at} WHERE id = ANY(${ids})`;
}
