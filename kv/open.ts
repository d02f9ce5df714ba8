/** Opens Deno KV: a local file (its folder created) or, for a URL, a remote KV. */

/** Opens the KV store at `path`; ":memory:" gives a throwaway store. */
export async function openKv(path: string): Promise<Deno.Kv> {
  if (path !== ":memory:" && !/^https?:\/\//.test(path)) {
    const slash = path.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
  }
  return await Deno.openKv(path);
}
