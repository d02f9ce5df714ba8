/** Reads the deployment files the deploy tests check: compose, Dockerfile, env docs, .env.example. */
import { parse } from "yaml";

/** The repository's root. */
export const ROOT = new URL("../../", import.meta.url);

/** A file of the repository as text. */
export function readRepoFile(path: string): string {
  return Deno.readTextFileSync(new URL(path, ROOT));
}

/** A compose service, as far as the tests read it. */
export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  profiles?: string[];
  env_file?: (string | { path: string; required?: boolean })[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test: string[] | string };
  volumes?: string[];
  ports?: string[];
  hostname?: string;
}

/** docker-compose.yml parsed, with its YAML merge keys (`<<: *anchor`) applied as Compose does. */
export function readCompose(): { services: Record<string, ComposeService>; volumes: object } {
  return parse(readRepoFile("docker-compose.yml"), { merge: true });
}

/** Variable names the compose file interpolates (`${NAME}`, `${NAME:-default}`...). */
export function interpolatedVariables(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
}

/** Variable names docs/ENVIRONMENT.md documents: the first column of its tables. */
export function documentedVariables(): Set<string> {
  const text = readRepoFile("docs/ENVIRONMENT.md");
  return new Set([...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1]));
}

/** Variable names .env.example sets or shows commented out (`NAME=` or `# NAME=`). */
export function exampleVariables(): Set<string> {
  const text = readRepoFile(".env.example");
  return new Set([...text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
}

/** The variable names a zod object schema in `path` reads: the keys of `const <name> = z.object({`. */
export function schemaKeys(path: string, name: string): Set<string> {
  const text = readRepoFile(path);
  const start = text.indexOf(`const ${name} = z.object({`);
  if (start < 0) throw new Error(`${path} has no "const ${name} = z.object({"`);
  const end = text.indexOf("\n});", start);
  const body = text.slice(start, end);
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]));
}

/** Parses an env file (NAME=value lines; # comments); values are taken as written. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = line.match(/^([A-Z][A-Z0-9_]*)=(.*)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions in order (comments dropped, `\` continuations joined). */
export function dockerfileInstructions(path = "Dockerfile"): Instruction[] {
  const joined = readRepoFile(path).replace(/\\\n/g, " ");
  return joined.split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

/**
 * Whether a .dockerignore pattern list leaves `path` out of the build context: a pattern
 * matches the path or one of its parent folders (`*` within a name, `**` across folders).
 */
export function ignoredBy(patterns: string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith("!");
    const pattern = (negate ? raw.slice(1) : raw).replace(/\/+$/, "");
    const source = pattern.split("/").map((part) =>
      part === "**" ? "(?:.*)" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")
    ).join("/").replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
    const re = new RegExp(`^${source}(?:/.*)?$`);
    if (re.test(path)) ignored = !negate;
  }
  return ignored;
}

/** The patterns of an ignore file. */
export function ignorePatterns(path: string): string[] {
  return readRepoFile(path).split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}
