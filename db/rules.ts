/**
 * The rule store: rules with every version kept in rule_versions (who, when, snapshot, what
 * changed). Every write is one transaction; deletes are soft so history survives.
 */
import { RULE_FIELDS } from "../rules/fields.ts";
import type postgres from "postgres";
import type { Sql } from "./connect.ts";
import { type RuleInput, RuleInputSchema } from "../rules/schema.ts";

type Tx = Sql | postgres.TransactionSql;

/** A stored rule as the API shows it. */
export type RuleRecord = RuleInput & {
  id: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
};

/** A version in a rule's history. */
export interface RuleVersion {
  version: number;
  snapshot: unknown;
  changes: unknown;
  changed_by: string;
  changed_at: string;
}

/** Conditions a caller of the store is expected to handle. */
export class RuleStoreError extends Error {
  constructor(
    readonly kind: "not_found" | "name_taken" | "stale_version" | "not_shadow",
    message: string,
  ) {
    super(message);
    this.name = "RuleStoreError";
  }
}

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d == null ? null : String(d));

/** The rule JSON part of a row (what versions snapshot and what the engine reads). */
export function ruleJson(row: Row): Record<string, unknown> {
  return {
    name: row.name,
    description: row.description,
    detector_type: row.detector_type,
    pattern: row.pattern,
    target_fields: row.target_fields?.length ? row.target_fields : null,
    boolean_operator: row.boolean_operator,
    secondary_pattern: row.secondary_pattern,
    params: row.params,
    weight: row.weight,
    enabled: row.enabled,
    mode: row.mode,
    category: row.category,
    instance_rule_ids: row.instance_rule_ids,
  };
}

function toRecord(row: Row): RuleRecord {
  return {
    id: String(row.id),
    ...(ruleJson(row) as RuleInput),
    version: row.version,
    created_at: iso(row.created_at)!,
    created_by: row.created_by,
    updated_at: iso(row.updated_at)!,
    updated_by: row.updated_by,
    deleted_at: iso(row.deleted_at),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "23505";
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of RULE_FIELDS) {
    if (JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)) {
      out[f] = { from: before[f] ?? null, to: after[f] ?? null };
    }
  }
  return out;
}

async function recordVersion(
  tx: Tx,
  row: Row,
  action: string,
  fields: unknown,
  actor: string,
  extra: Record<string, string> = {},
) {
  await tx`INSERT INTO rule_versions (rule_id, version, snapshot, changes, changed_by)
    VALUES (${row.id}, ${row.version}, ${tx.json(ruleJson(row) as postgres.JSONValue)},
            ${tx.json({ action, fields, ...extra } as postgres.JSONValue)}, ${actor})`;
}

/** Lists live rules (and deleted ones when asked), oldest first. */
export async function listRules(sql: Sql, opts: { includeDeleted?: boolean } = {}) {
  const rows = opts.includeDeleted
    ? await sql<Row[]>`SELECT * FROM rules ORDER BY id`
    : await sql<Row[]>`SELECT * FROM rules WHERE deleted_at IS NULL ORDER BY id`;
  return rows.map(toRecord);
}

/** One live rule, or undefined. */
export async function getRule(sql: Tx, id: string): Promise<RuleRecord | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const [row] = await sql<Row[]>`SELECT * FROM rules WHERE id = ${id} AND deleted_at IS NULL`;
  return row ? toRecord(row) : undefined;
}

/** A rule's history, newest first (deleted rules included). */
export async function ruleVersions(sql: Sql, id: string): Promise<RuleVersion[] | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const [exists] = await sql`SELECT 1 FROM rules WHERE id = ${id}`;
  if (!exists) return undefined;
  const rows = await sql<Row[]>`SELECT version, snapshot, changes, changed_by, changed_at
    FROM rule_versions WHERE rule_id = ${id} ORDER BY version DESC`;
  return rows.map((r) => ({ ...r, changed_at: iso(r.changed_at) } as RuleVersion));
}

async function insertRule(tx: Tx, rule: RuleInput, actor: string): Promise<Row> {
  const [row] = await tx<Row[]>`INSERT INTO rules (name, description, detector_type, pattern,
      target_fields, boolean_operator, secondary_pattern, params, weight, enabled, mode, category,
      instance_rule_ids, created_by, updated_by)
    VALUES (${rule.name}, ${rule.description}, ${rule.detector_type}, ${rule.pattern},
      ${tx.array(rule.target_fields ?? [])}::text[], ${rule.boolean_operator ?? null},
      ${rule.secondary_pattern ?? null}, ${tx.json(rule.params as postgres.JSONValue)},
      ${rule.weight}, ${rule.enabled}, ${rule.mode}, ${rule.category},
      ${tx.array(rule.instance_rule_ids)}::text[], ${actor}, ${actor})
    RETURNING *`;
  await recordVersion(tx, row, "create", changedFields({}, ruleJson(row)), actor);
  return row;
}

/** Creates a rule and its first version; a live rule with the same name is a name_taken error. */
export async function createRule(sql: Sql, rule: RuleInput, actor: string): Promise<RuleRecord> {
  try {
    return toRecord(await sql.begin((tx) => insertRule(tx, rule, actor)) as Row);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new RuleStoreError("name_taken", `A rule named "${rule.name}" already exists`);
    }
    throw err;
  }
}

/** Inserts rules in one transaction: all or none; a taken name is a name_taken error. */
export async function importRules(sql: Sql, rules: RuleInput[], actor: string): Promise<void> {
  try {
    await sql.begin((tx) => insertRules(tx, rules, actor));
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new RuleStoreError(
        "name_taken",
        "A rule in the import has the name of an existing rule (or of another imported rule)",
      );
    }
    throw err;
  }
}

/** Inserts rules in the caller's transaction (starter pack, import). */
export async function insertRules(tx: Tx, rules: RuleInput[], actor: string): Promise<void> {
  for (const r of rules) await insertRule(tx, r, actor);
}

async function lockLive(tx: Tx, id: string): Promise<Row> {
  const [row] = /^\d{1,18}$/.test(id)
    ? await tx<Row[]>`SELECT * FROM rules WHERE id = ${id} AND deleted_at IS NULL FOR UPDATE`
    : [];
  if (!row) throw new RuleStoreError("not_found", `No rule with id ${id}`);
  return row;
}

/**
 * Applies a change: `change` receives the current rule JSON and returns the new, validated one
 * (it may throw to abort). Nothing changes and no version is written when nothing differs.
 */
export async function updateRule(
  sql: Sql,
  id: string,
  actor: string,
  change: (current: Record<string, unknown>) => Promise<RuleInput> | RuleInput,
  opts: { action?: string; expectedVersion?: number } = {},
): Promise<RuleRecord> {
  try {
    return toRecord(
      await sql.begin(async (tx) => {
        const row = await lockLive(tx, id);
        if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.version) {
          throw new RuleStoreError(
            "stale_version",
            `Rule ${id} is at version ${row.version}, not ${opts.expectedVersion}; reload it`,
          );
        }
        const before = ruleJson(row);
        const r = await change(before);
        const fields = changedFields(before, {
          ...r,
          target_fields: r.target_fields?.length ? r.target_fields : null,
        });
        if (Object.keys(fields).length === 0) return row;
        const [next] = await tx<Row[]>`UPDATE rules SET name = ${r.name},
            description = ${r.description}, detector_type = ${r.detector_type},
            pattern = ${r.pattern}, target_fields = ${tx.array(r.target_fields ?? [])}::text[],
            boolean_operator = ${r.boolean_operator ?? null},
            secondary_pattern = ${r.secondary_pattern ?? null},
            params = ${tx.json(r.params as postgres.JSONValue)}, weight = ${r.weight},
            enabled = ${r.enabled}, mode = ${r.mode}, category = ${r.category},
            instance_rule_ids = ${tx.array(r.instance_rule_ids)}::text[],
            version = version + 1, updated_at = now(), updated_by = ${actor}
          WHERE id = ${id} RETURNING *`;
        await recordVersion(tx, next, opts.action ?? "update", fields, actor);
        return next;
      }) as Row,
    );
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new RuleStoreError("name_taken", "Another rule already has that name");
    }
    throw err;
  }
}

/**
 * Moves a shadow rule to report mode: a new version and an audit row (`rule.promoted`) saying
 * who and why, in one transaction. A rule already in report mode is a not_shadow error.
 */
export async function promoteRule(
  sql: Sql,
  id: string,
  actor: string,
  reason: string,
): Promise<RuleRecord> {
  return toRecord(
    await sql.begin(async (tx) => {
      const row = await lockLive(tx, id);
      if (row.mode !== "shadow") {
        throw new RuleStoreError("not_shadow", `Rule ${id} is already in ${row.mode} mode`);
      }
      const [next] = await tx<Row[]>`UPDATE rules SET mode = 'report', version = version + 1,
          updated_at = now(), updated_by = ${actor} WHERE id = ${id} RETURNING *`;
      const fields = { mode: { from: "shadow", to: "report" } };
      await recordVersion(tx, next, "promote", fields, actor, { reason });
      await tx`INSERT INTO audit_log (action, actor, rule_names, details)
        VALUES ('rule.promoted', ${actor}, ${[next.name]}, ${
        tx.json({ rule_id: String(next.id), version: next.version, reason, ...fields })
      })`;
      return next;
    }) as Row,
  );
}

/** Soft-deletes a rule, bumping its version so caches notice; history is kept. */
export async function deleteRule(sql: Sql, id: string, actor: string): Promise<void> {
  await sql.begin(async (tx) => {
    await lockLive(tx, id);
    const [row] = await tx<Row[]>`UPDATE rules SET deleted_at = now(), version = version + 1,
        updated_at = now(), updated_by = ${actor} WHERE id = ${id} RETURNING *`;
    await recordVersion(tx, row, "delete", {}, actor);
  });
}

/** A value that changes whenever any rule changes (versions only grow; deletes bump them). */
export async function ruleSetSignature(sql: Sql): Promise<string> {
  const [r] = await sql<{ n: string; v: string | null; t: Date | null }[]>`
    SELECT count(*) AS n, sum(version) AS v, max(updated_at) AS t FROM rules`;
  return `${r.n}/${r.v ?? 0}/${iso(r.t) ?? ""}`;
}

/** The enabled live rules, parsed; rows that no longer validate are returned apart. */
export async function loadEnabledRules(sql: Sql) {
  const rows = await sql<
    Row[]
  >`SELECT * FROM rules WHERE deleted_at IS NULL AND enabled ORDER BY id`;
  const rules: (RuleInput & { id: string; version: number })[] = [];
  const invalid: { rule: string; message: string }[] = [];
  for (const row of rows) {
    const parsed = RuleInputSchema.safeParse(ruleJson(row));
    if (parsed.success) rules.push({ ...parsed.data, id: String(row.id), version: row.version });
    else invalid.push({ rule: row.name, message: parsed.error.issues[0]?.message ?? "invalid" });
  }
  return { rules, invalid };
}
