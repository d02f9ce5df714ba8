/**
 * Builds an image the way its Dockerfile says, without a Docker engine: the build context is
 * this checkout's files less the ignore file's patterns, and the Dockerfile's instructions run
 * in order in a temporary folder standing in for the image's filesystem. Absolute paths under
 * `/data` map into that folder; `chown` and `USER` (no such user here) are the only steps left
 * out. What the image would run (CMD, HEALTHCHECK) comes back for the test to start.
 */
import { dockerfileInstructions, ignoredBy, ignorePatterns, ROOT } from "./files.ts";

/** A built image: its folders and what it runs. */
export interface BuiltImage {
  /** The stand-in for `/`; WORKDIR is `app`. */
  root: string;
  workdir: string;
  from: string;
  env: Record<string, string>;
  cmd: string[];
  healthcheck?: string[];
  /** Each RUN step with how long it took, for the failure message. */
  steps: string[];
}

const exec = JSON.parse;

/** Every file under the root (a checkout without git metadata), `.git` and `node_modules` aside. */
async function walk(dir = "", out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(new URL(dir || ".", ROOT))) {
    const path = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory && e.name !== ".git" && e.name !== "node_modules") await walk(path, out);
    else if (e.isFile) out.push(path);
  }
  return out;
}

/**
 * The files `docker build .` would send from this checkout: git's tracked and untracked files
 * (what it does not ignore), or every file when there is no git, less the ignore file's.
 */
async function contextFiles(ignoreFile: string): Promise<string[]> {
  const git = await new Deno.Command("git", {
    args: ["ls-files", "--cached", "--others", "--exclude-standard", "-z"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  const all = git?.success
    ? new TextDecoder().decode(git.stdout).split("\0").filter(Boolean)
    : await walk();
  const patterns = ignorePatterns(ignoreFile);
  const files: string[] = [];
  for (const f of all) {
    if (ignoredBy(patterns, f)) continue;
    const exists = await Deno.stat(new URL(f, ROOT)).then((s) => s.isFile, () => false);
    if (exists) files.push(f);
  }
  return files;
}

async function copyInto(files: string[], dest: string) {
  for (const f of files) {
    const target = `${dest}/${f}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
    await Deno.copyFile(new URL(f, ROOT), target);
  }
}

/** Runs the Dockerfile's build; throws with the failing step's output. */
export async function buildImage(dockerfile: string, ignoreFile: string): Promise<BuiltImage> {
  const root = await Deno.makeTempDir({ prefix: "mw-image-" });
  const map = (s: string) => s.replace(/(^|[\s=:'"])\/data\b/g, `$1${root}/data`);
  const image: BuiltImage = { root, workdir: root, from: "", env: {}, cmd: [], steps: [] };
  const context = await contextFiles(ignoreFile);
  for (const { op, args } of dockerfileInstructions(dockerfile)) {
    if (op === "FROM") image.from = args;
    else if (op === "WORKDIR") {
      image.workdir = `${root}${args}`;
      await Deno.mkdir(image.workdir, { recursive: true });
    } else if (op === "ENV") {
      for (const m of args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) image.env[m[1]] = map(m[2]);
    } else if (op === "COPY") {
      const parts = args.split(/\s+/);
      const sources = parts.slice(0, -1);
      const files = sources.includes(".") ? context : context.filter((f) => sources.includes(f));
      await copyInto(files, image.workdir);
    } else if (op === "RUN") {
      for (const step of args.split("&&").map((s) => s.trim())) {
        if (/^chown\b/.test(step)) continue;
        const started = performance.now();
        const out = await new Deno.Command("sh", {
          args: ["-c", map(step)],
          cwd: image.workdir,
          env: { ...image.env, NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        image.steps.push(`${step} (${Math.round(performance.now() - started)} ms)`);
        if (out.code !== 0) {
          const text = new TextDecoder().decode(out.stderr).slice(-3000);
          throw new Error(`RUN ${step} failed (${out.code}):\n${text}`);
        }
      }
    } else if (op === "CMD") image.cmd = exec(args);
    else if (op === "HEALTHCHECK") {
      const cmd = args.match(/CMD (\[.*\])$/);
      if (cmd) image.healthcheck = exec(cmd[1]);
    }
  }
  return image;
}

/** Starts the image's CMD (or `cmd`) in its workdir with the image's ENV and `env`. */
export function startImage(
  image: BuiltImage,
  env: Record<string, string>,
  cmd = image.cmd,
): Deno.ChildProcess {
  const [bin, ...args] = cmd;
  return new Deno.Command(bin === "deno" ? Deno.execPath() : bin, {
    args,
    cwd: image.workdir,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      NO_COLOR: "1",
      ...image.env,
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Collects a child's output so its pipes never fill; `text()` reads what came so far. */
export function drain(child: Deno.ChildProcess): { text(): string } {
  const chunks: string[] = [];
  const sink = () =>
    new WritableStream<Uint8Array>({ write: (b) => void chunks.push(new TextDecoder().decode(b)) });
  child.stdout.pipeTo(sink()).catch(() => {});
  child.stderr.pipeTo(sink()).catch(() => {});
  return { text: () => chunks.join("").slice(-4000) };
}
