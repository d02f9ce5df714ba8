/** The machine a benchmark ran on, as the report's first table states it. */

/** CPU, cores, memory and runtime of this machine, and when the run started. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  deno: string;
  v8: string;
  date: string;
  /** The commit measured, with "+ changes" when the working tree differed from it. */
  code: string;
}

/** The CPU model named in /proc/cpuinfo, or "unknown" where there is none (not Linux). */
export async function cpuModel(
  read: (path: string) => Promise<string> = Deno.readTextFile,
): Promise<string> {
  try {
    const info = await read("/proc/cpuinfo");
    return info.match(/^model name\s*:\s*(.+)$/m)?.[1].trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The checked-out commit, and whether tracked files differ from it. */
export async function codeVersion(dir = new URL("..", import.meta.url).pathname): Promise<string> {
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", { args, cwd: dir, stdout: "piped", stderr: "null" })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
  };
  try {
    const commit = await git("rev-parse", "--short", "HEAD");
    if (!commit) return "unknown";
    const changes = await git("status", "--porcelain", "--untracked-files=no");
    return changes ? `${commit} + uncommitted changes` : commit;
  } catch {
    return "unknown";
  }
}

/** Describes this machine now. */
export async function describeMachine(now = new Date()): Promise<Machine> {
  return {
    cpu: await cpuModel(),
    cores: navigator.hardwareConcurrency,
    ramGiB: Math.round(Deno.systemMemoryInfo().total / 2 ** 30 * 10) / 10,
    os: `${Deno.build.os} ${Deno.osRelease()}`,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    date: now.toISOString(),
    code: await codeVersion(),
  };
}
