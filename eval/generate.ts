/**
 * Writes the corpus to eval/cases/<half>/<family>.json. The files are the corpus; this only
 * (re)creates them from the families, deterministically.
 */
import { buildCorpus, type Case, FAMILIES } from "./corpus.ts";

/** The stored files' contents, by path relative to eval/cases. */
export function corpusFiles(): Map<string, string> {
  const cases = buildCorpus();
  const files = new Map<string, string>();
  for (const half of ["tune", "test"] as const) {
    for (const f of FAMILIES) {
      const list: Case[] = cases.filter((c) => c.half === half && c.family === f.name);
      files.set(`${half}/${f.name}.json`, JSON.stringify(list, null, 2) + "\n");
    }
  }
  return files;
}

if (import.meta.main) {
  const dir = new URL("./cases/", import.meta.url);
  for (const [path, text] of corpusFiles()) {
    const url = new URL(path, dir);
    await Deno.mkdir(new URL(".", url), { recursive: true });
    await Deno.writeTextFile(url, text);
  }
  console.log(`wrote ${corpusFiles().size} files under eval/cases/`);
}
