/** HTML entity decoding for status and profile HTML. */

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};
// Bounded repetitions: each "&" is looked at for at most 34 characters.
const ENTITY = /&(#x[0-9a-f]{1,8}|#[0-9]{1,10}|[a-z]{1,32});/gi;

/** Decodes the HTML entities Mastodon and remote servers emit. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}
