/** The .env `deno task setup` writes: checked against config.ts, then written whole or not at all. */
import { ConfigError, loadConfig } from "../../config.ts";

/** A random secret of `bytes` bytes, hex-encoded. */
export function generateSecret(bytes = 24): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Settings of an existing env file (NAME=value lines), for keeping its generated secrets. */
export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = line.match(/^([A-Z][A-Z0-9_]*)=(.*)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** One setting with the comment written above it. */
export interface Entry {
  name: string;
  value: string;
  comment?: string;
}

/** The file's text; a value that would not survive an env file is refused. */
export function renderEnv(header: string[], entries: Entry[]): string {
  const lines = header.map((h) => `# ${h}`);
  for (const e of entries) {
    if (/[\r\n]/.test(e.value) || /^\s|\s$/.test(e.value)) {
      throw new Error(
        `${e.name}: a value with line breaks or outer spaces cannot go in an env file`,
      );
    }
    lines.push("");
    if (e.comment) lines.push(`# ${e.comment}`);
    lines.push(`${e.name}=${e.value}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The problems config.ts finds in these settings in production, or none. */
export function configProblems(entries: Entry[]): string[] {
  const env = Object.fromEntries(entries.map((e) => [e.name, e.value]));
  try {
    loadConfig(env, "production");
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/**
 * Writes `text` to `path` readable by its owner only: into a temporary file beside it, renamed
 * into place, so a reader never sees half a file and a failure leaves the old one as it was.
 */
export async function writeEnvFile(path: string, text: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash > 0 ? path.slice(0, slash) : slash === 0 ? "/" : ".";
  const temp = await Deno.makeTempFile({ dir, prefix: ".env-setup-" });
  try {
    await Deno.writeTextFile(temp, text, { mode: 0o600 });
    await Deno.chmod(temp, 0o600);
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}
