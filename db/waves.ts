/**
 * Spam waves in the database: each analysis's features are stored, and the account joins the
 * wave of the accounts it shares them with (workflows/waves.ts says when), merging waves that
 * come to share an account. One advisory lock serialises the joins, in every process.
 */
import type postgres from "postgres";
import type { Sql } from "./connect.ts";
import type { Feature, WaveRule } from "../workflows/waves.ts";

type Tx = Sql | postgres.TransactionSql;

const LOCK_KEY = 727_009;
// A feature shared by more occurrences than this is judged on this many: "many" is enough.
const MATCH_CAP = 5_000;

/** Stores an analysis's features and joins the account to a wave; returns its wave id, if any. */
export async function recordWaveFeatures(
  sql: Sql,
  a: { analysisId: string; accountId: string; features: Feature[]; now: Date },
  rule: WaveRule,
): Promise<string | undefined> {
  if (a.features.length === 0) return await waveIdOf(sql, a.accountId);
  const digests = await Promise.all(a.features.map((f) => digest(`${f.kind}\n${f.key}`)));
  const times = a.features.map((f) => new Date(f.at).toISOString());
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`
      INSERT INTO wave_features (digest, kind, sample, account_id, seen_at, analysis_id)
      SELECT d, k, s, ${a.accountId}, t, ${a.analysisId}
        FROM unnest(${digests}::text[], ${a.features.map((f) => f.kind)}::text[],
                    ${a.features.map((f) => f.sample)}::text[], ${times}::timestamptz[])
             AS f(d, k, s, t)
      ON CONFLICT DO NOTHING`;
    const matches = await tx<{ account_id: string; digest: string; center: Date; seen_at: Date }[]>`
      SELECT o.account_id, o.digest, f.t AS center, o.seen_at
        FROM unnest(${digests}::text[], ${times}::timestamptz[]) AS f(d, t)
        JOIN wave_features o ON o.digest = f.d
         AND o.seen_at BETWEEN f.t - ${rule.windowMs} * interval '1 millisecond'
                           AND f.t + ${rule.windowMs} * interval '1 millisecond'
       WHERE o.account_id <> ${a.accountId}
       LIMIT ${MATCH_CAP}`;
    const partners = partnersOf(matches, rule);
    if (partners.size === 0) return await waveIdOf(tx, a.accountId);
    const at = [...a.features.map((f) => f.at), ...matches.map((m) => m.seen_at.getTime())];
    return await join(tx, [a.accountId, ...partners], {
      first: new Date(Math.min(...at)),
      last: new Date(Math.max(...at)),
      now: a.now,
    });
  });
}

/** The accounts the matches join: pairs sharing enough features, or crowds around one. */
function partnersOf(
  matches: { account_id: string; digest: string; center: Date }[],
  rule: WaveRule,
): Set<string> {
  const byAccount = new Map<string, Set<string>>();
  const byCenter = new Map<string, Set<string>>();
  for (const m of matches) {
    byAccount.set(m.account_id, (byAccount.get(m.account_id) ?? new Set()).add(m.digest));
    const c = `${m.digest} ${m.center.getTime()}`;
    byCenter.set(c, (byCenter.get(c) ?? new Set()).add(m.account_id));
  }
  const out = new Set<string>();
  for (const [id, shared] of byAccount) if (shared.size >= rule.minShared) out.add(id);
  // The account itself is one of the crowd.
  for (const crowd of byCenter.values()) {
    if (crowd.size + 1 >= rule.minCrowd) { for (const id of crowd) out.add(id); }
  }
  return out;
}

async function join(
  tx: Tx,
  accounts: string[],
  t: { first: Date; last: Date; now: Date },
): Promise<string> {
  const waves = (await tx<{ wave_id: string }[]>`
    SELECT DISTINCT wave_id::text FROM wave_members WHERE account_id = ANY(${accounts})`)
    .map((r) => r.wave_id).sort((x, y) => Number(x) - Number(y));
  let target = waves[0];
  if (!target) {
    const [w] = await tx<{ id: string }[]>`
      INSERT INTO waves (first_seen, last_seen, created_at) VALUES (${t.first}, ${t.last}, ${t.now})
      RETURNING id::text`;
    target = w.id;
  }
  const others = waves.slice(1);
  // The oldest wave absorbs the others, keeping the earliest notification among them.
  await tx`
    UPDATE waves w SET
      first_seen = LEAST(w.first_seen, ${t.first}, m.first_seen),
      last_seen = GREATEST(w.last_seen, ${t.last}, m.last_seen),
      notified_at = COALESCE(w.notified_at, m.notified_at)
      FROM (SELECT min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                   min(notified_at) AS notified_at
              FROM waves WHERE id = ANY(${[target, ...others]}::bigint[])) m
     WHERE w.id = ${target}`;
  if (others.length > 0) {
    await tx`UPDATE wave_members SET wave_id = ${target} WHERE wave_id = ANY(${others}::bigint[])`;
    await tx`DELETE FROM waves WHERE id = ANY(${others}::bigint[])`;
  }
  await tx`
    INSERT INTO wave_members (account_id, wave_id, joined_at)
    SELECT unnest(${accounts}::text[]), ${target}, ${t.now}
    ON CONFLICT (account_id) DO UPDATE SET wave_id = EXCLUDED.wave_id`;
  return target;
}

/** The wave an account belongs to, if any. */
export async function waveIdOf(sql: Tx, accountId: string): Promise<string | undefined> {
  const [r] = await sql<{ wave_id: string }[]>`
    SELECT wave_id::text FROM wave_members WHERE account_id = ${accountId}`;
  return r?.wave_id;
}

/** An account's wave with its size, for report comments and notifications. */
export async function waveOfAccount(
  sql: Sql,
  accountId: string,
): Promise<{ id: string; accounts: number; notifiedAt: Date | null } | undefined> {
  const [r] = await sql<{ id: string; accounts: number; notified_at: Date | null }[]>`
    SELECT w.id::text, w.notified_at,
           (SELECT count(*)::int FROM wave_members x WHERE x.wave_id = w.id) AS accounts
      FROM wave_members m JOIN waves w ON w.id = m.wave_id
     WHERE m.account_id = ${accountId}`;
  return r ? { id: r.id, accounts: r.accounts, notifiedAt: r.notified_at } : undefined;
}

/** Claims a wave's one notification: true for the first caller only. */
export async function claimWaveNotification(sql: Sql, waveId: string, now: Date): Promise<boolean> {
  const rows = await sql`
    UPDATE waves SET notified_at = ${now} WHERE id = ${waveId} AND notified_at IS NULL
    RETURNING id`;
  return rows.length > 0;
}

async function digest(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}
