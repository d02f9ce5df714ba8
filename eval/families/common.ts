/** What a family of cases is, and the small pieces the families share. */
import { domainToASCII } from "node:url";
import { type AccountSpec, DAY, HOUR, MINUTE, type Rng, type StatusSpec } from "../build.ts";

/** One case before rendering: an account, its statuses, and when it is evaluated. */
export interface CaseSpec {
  account: AccountSpec;
  statuses: StatusSpec[];
  /** Evaluation time, after the corpus's base time. */
  atMs: number;
}

/** A family of cases: spam of one kind, or one kind of hard ham. */
export interface Family {
  name: string;
  label: "spam" | "ham";
  /** What it models, for the README and the report. */
  about: string;
  build(rng: Rng): CaseSpec[];
}

export { DAY, HOUR, MINUTE };

/** A look-alike host written in Unicode, as the link's punycode form. */
export function puny(unicodeHost: string): string {
  return domainToASCII(unicodeHost);
}

/** A machine-made handle like those of throwaway accounts. */
export function randomHandle(rng: Rng, min = 9, max = 11): string {
  return rng.token(1, "abcdefghijklmnopqrstuvwxyz") +
    rng.token(rng.int(min - 1, max - 1), "abcdefghijklmnopqrstuvwxyz");
}

const FIRST = [
  "mara",
  "jonas",
  "aiko",
  "lucia",
  "tomasz",
  "ines",
  "kwame",
  "freya",
  "omar",
  "lena",
  "dmitri",
  "sofia",
  "yusuf",
  "hana",
  "pierre",
  "nadia",
  "ravi",
  "elin",
  "mateo",
  "ruth",
  "kenji",
  "amara",
  "felix",
  "zoe",
  "bastian",
  "chloe",
  "ivan",
  "leila",
  "noor",
  "tariq",
]; // deno-fmt-ignore
const LAST = [
  "okafor", "lindqvist", "moreau", "tanaka", "kowalski", "haddad", "silva", "novak", "becker",
  "fischer", "garcia", "ivanova", "nakamura", "osei", "dubois", "rossi", "schulz", "ahmed",
]; // deno-fmt-ignore

/** A person's name and a handle made from it. */
export function person(rng: Rng): { name: string; handle: string } {
  const f = rng.pick(FIRST);
  const l = rng.pick(LAST);
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const handle = rng.pick([`${f}_${l}`, `${f}${l[0]}`, `${f}.${l}`, `${f}${rng.int(2, 99)}`]);
  return { name: `${cap(f)} ${cap(l)}`, handle };
}

/** People on other servers a status can mention. */
export const STRANGERS = [
  "quietfern@mastodon.example",
  "bikepunk@fosstodon.example",
  "ellie@chaos.example",
  "marcus@hachyderm.example",
  "petra@social.example",
  "yuki@mstdn.example",
  "ocean@tech.example",
  "grumpyowl@mas.example",
  "devnull@infosec.example",
  "kat@toot.example",
  "linnea@norden.example",
  "sam@scholar.example",
  "tobi@troet.example",
  "hiro@pawoo.example",
  "ana@mastodon.example",
  "birch@mstdn.example",
  "rin@fedibird.example",
  "jo@social.example",
  "nico@piaille.example",
  "wren@tech.example",
  "max@chaos.example",
  "ola@social.example",
  "ines@mastodon.example",
]; // deno-fmt-ignore

/** `n` distinct strangers as @-mentions. */
export function mentions(rng: Rng, n: number): string {
  const picked = new Set<string>();
  while (picked.size < n) picked.add(rng.pick(STRANGERS));
  return [...picked].map((s) => `@${s}`).join(" ");
}

/** Open-registration servers that spam waves sign up on. */
export const OPEN_SERVERS = [
  "mastodon-free.example",
  "social.newsignup.example",
  "mstdn.openreg.example",
  "toot.anyone.example",
  "fedi.quick.example",
  "masto.nocheck.example",
]; // deno-fmt-ignore

/** A few minutes' spread of statuses, newest last, ending `lastAgoMs` before evaluation. */
export function spread(rng: Rng, count: number, lastAgoMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(lastAgoMs + i * stepMs + rng.int(0, stepMs / 2));
  return out;
}
