/** Runs one measurement in its own Deno process, so that none inherits another's heap or JIT. */

/** Options of a child measurement. */
export interface ChildOptions {
  args?: string[];
  v8Flags?: string[];
  env?: Record<string, string>;
}

/**
 * Runs `script` (a path under bench/) and parses the last line it prints as JSON; its
 * progress goes to this process's stderr.
 */
export async function runChild<T>(script: string, opts: ChildOptions = {}): Promise<T> {
  const path = new URL(script, import.meta.url).pathname;
  const flags = opts.v8Flags?.length ? [`--v8-flags=${opts.v8Flags.join(",")}`] : [];
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...flags, path, ...(opts.args ?? [])],
    env: opts.env,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  if (!out.success) {
    throw new Error(`${script} exited with ${out.code}: ${lines.slice(-5).join("\n")}`);
  }
  try {
    return JSON.parse(lines.at(-1) ?? "") as T;
  } catch {
    throw new Error(`${script} printed no JSON result: ${lines.slice(-5).join("\n")}`);
  }
}
