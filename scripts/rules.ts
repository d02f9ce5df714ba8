/**
 * `deno task rules export FILE` writes the live rules as a rule pack (JSON, as GET /rules/export
 * answers); `deno task rules import FILE` adds a pack's rules to another instance, all of them
 * or none. FILE `-` is stdout / stdin. The pack is checked here with the schema POST /rules uses
 * before anything is sent, and again by the service, which also checks regexes and names.
 */
import { parseRules } from "../rules/dryrun.ts";
import {
  callService,
  detailLines,
  ServiceError,
  type ServiceTarget,
  serviceTarget,
} from "./service_client.ts";

const USAGE = "usage: deno task rules export|import FILE [--url URL] [--force]";

/** Parsed command line. */
export interface RulesArgs {
  command: "export" | "import";
  file: string;
  url?: string;
  force: boolean;
}

/** Reads the command line; throws with the usage when it is wrong. */
export function parseRulesArgs(args: string[]): RulesArgs {
  const rest: string[] = [];
  let url: string | undefined;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--url") url = args[++i];
    else if (args[i] === "--force") force = true;
    else if (args[i].startsWith("--")) throw new Error(`unknown option ${args[i]}\n${USAGE}`);
    else rest.push(args[i]);
  }
  const [command, file, extra] = rest;
  if ((command !== "export" && command !== "import") || !file || extra !== undefined) {
    throw new Error(USAGE);
  }
  if (args.includes("--url") && !url) throw new Error(USAGE);
  return { command, file, url, force };
}

/** Parses a pack's text: an array of rules, or `{"rules": [...]}` as GET /rules lists them. */
export function readPack(text: string, source: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) throw new Error(`${source} holds no list of rules`);
  const { rules, issues } = parseRules(list, "");
  if (issues.length > 0) {
    throw new Error(
      `${source} has ${issues.length} invalid field(s); nothing was imported:\n` +
        issues.map((i) => `  ${i.field}: ${i.message}`).join("\n"),
    );
  }
  if (rules.length === 0) throw new Error(`${source} holds no rules`);
  return rules;
}

/** Writes `text` to `path` whole or not at all (a temporary file renamed into place). */
export async function writeWhole(path: string, text: string, force: boolean): Promise<void> {
  if (!force) {
    const exists = await Deno.lstat(path).then(() => true, () => false);
    if (exists) throw new Error(`${path} exists; give --force to replace it`);
  }
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
  const temp = await Deno.makeTempFile({ dir, prefix: ".rules-", suffix: ".json" });
  try {
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}

/** Runs one command; returns what to print. */
export async function runRules(args: RulesArgs, target: ServiceTarget): Promise<string> {
  if (args.command === "export") {
    const rules = await callService<unknown[]>(target, "GET", "/rules/export");
    const text = `${JSON.stringify(rules, null, 2)}\n`;
    if (args.file === "-") return text.trimEnd();
    await writeWhole(args.file, text, args.force);
    return `exported ${rules.length} rules to ${args.file}`;
  }
  const text = args.file === "-"
    ? await new Response(Deno.stdin.readable).text()
    : await Deno.readTextFile(args.file).catch((err) => {
      throw new Error(`cannot read ${args.file}: ${(err as Error).message}`);
    });
  const rules = readPack(text, args.file === "-" ? "the input" : args.file);
  const answer = await callService<{ imported: number }>(target, "POST", "/rules/import", rules);
  const reporting = rules.filter((r) => r.mode === "report").length;
  return `imported ${answer.imported} rules from ${args.file} ` +
    `(${reporting} in report mode, ${rules.length - reporting} in shadow mode)`;
}

if (import.meta.main) {
  try {
    const args = parseRulesArgs(Deno.args);
    console.log(await runRules(args, serviceTarget(Deno.env.toObject(), args.url)));
  } catch (err) {
    console.error((err as Error).message);
    if (err instanceof ServiceError) {
      for (const line of detailLines(err.details)) console.error(line);
      if (err.status === 409 || err.status === 422) console.error("Nothing was imported.");
    }
    Deno.exit(1);
  }
}
