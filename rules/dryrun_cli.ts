/**
 * `deno task dryrun FILE [--rules RULES.json] [--json]`: evaluates `{account, statuses}` items
 * (one object or an array; `admin` or `admin_account` may carry an Admin::Account) against a
 * rule file (default: the starter pack) and prints a table of scores and rules hit.
 */
import { z } from "zod";
import { prepareRuleSet } from "./compile.ts";
import { dryRun, DryRunItemSchema, parseRules } from "./dryrun.ts";
import { starterPack } from "./starter_pack.ts";

/** Parsed command-line arguments. */
export interface CliArgs {
  file: string;
  rules?: string;
  json: boolean;
}

/** Reads the command line; throws with a usage message when it is wrong. */
export function parseArgs(args: string[]): CliArgs {
  const usage = "usage: deno task dryrun FILE [--rules RULES.json] [--json]";
  const out: Partial<CliArgs> = { json: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--rules") out.rules = args[++i];
    else if (args[i] === "--json") out.json = true;
    else if (args[i].startsWith("--")) throw new Error(`unknown option ${args[i]}\n${usage}`);
    else if (!out.file) out.file = args[i];
    else throw new Error(usage);
  }
  if (!out.file || (args.includes("--rules") && !out.rules)) throw new Error(usage);
  return out as CliArgs;
}

function toItem(raw: unknown) {
  const r = (raw ?? {}) as Record<string, unknown>;
  const admin = (r.admin_account ?? r.admin) as Record<string, unknown> | undefined;
  return { ...r, admin_account: admin, account: r.account ?? admin?.account };
}

/** Runs the dry-run over a file's contents and returns the lines to print. */
export async function runCli(args: CliArgs, read: (path: string) => Promise<string>) {
  const data = JSON.parse(await read(args.file));
  const items = z.array(DryRunItemSchema).parse((Array.isArray(data) ? data : [data]).map(toItem));
  let rules = starterPack();
  if (args.rules) {
    const raw = JSON.parse(await read(args.rules));
    const parsed = parseRules(Array.isArray(raw) ? raw : raw.rules ?? [], "rules");
    if (parsed.issues.length) {
      throw new Error(parsed.issues.map((i) => `${i.field}: ${i.message}`).join("\n"));
    }
    rules = parsed.rules;
  }
  const set = await prepareRuleSet(rules);
  const results = items.map((item) => ({ item, result: dryRun(set, item, new Date()) }));
  if (args.json) return [JSON.stringify(results.map((r) => r.result), null, 2)];
  const rows = results.map(({ item, result }) => [
    item.account.acct || item.account.username,
    result.score.toFixed(2),
    result.hits.map(([name]) => name).join(", ") || "-",
  ]);
  const header = ["account", "score", "rules hit"];
  const width = [0, 1].map((c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `${r[0].padEnd(width[0])}  ${r[1].padStart(width[1])}  ${r[2]}`;
  const errors = set.errors.map((e) => `rule "${e.rule}" skipped: ${e.message}`);
  return [line(header), ...rows.map(line), ...errors];
}

if (import.meta.main) {
  try {
    const lines = await runCli(parseArgs(Deno.args), (p) => Deno.readTextFile(p));
    console.log(lines.join("\n"));
    Deno.exit(0);
  } catch (err) {
    console.error(err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message);
    Deno.exit(1);
  }
}
