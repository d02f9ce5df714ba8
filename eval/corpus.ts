/**
 * The evaluation corpus: every family rendered into cases (Mastodon JSON), each case placed in
 * the tuning or the test half by a hash of its id, so that the split never depends on results.
 */
import { createHash } from "node:crypto";
import { adminAccount, BASE_TIME, resetIds, Rng, statusJson } from "./build.ts";
import type { CaseSpec, Family } from "./families/common.ts";
import { OTHER_FAMILIES } from "./families/ham_other.ts";
import { PEOPLE_FAMILIES } from "./families/ham_people.ts";
import { LINK_FAMILIES } from "./families/spam_links.ts";
import { MENTION_FAMILIES } from "./families/spam_mentions.ts";
import { PROFILE_FAMILIES } from "./families/spam_profiles.ts";
import { SCAM_FAMILIES } from "./families/spam_scams.ts";
import { TUNE_EXTRA_HAM } from "./families/tune_extra_ham.ts";
import { TUNE_EXTRA_SPAM } from "./families/tune_extra_spam.ts";
import { TUNE_EXTRA_WAVES } from "./families/tune_extra_waves.ts";

/** Every family, spam first. */
export const FAMILIES: Family[] = [
  ...MENTION_FAMILIES,
  ...SCAM_FAMILIES,
  ...LINK_FAMILIES,
  ...PROFILE_FAMILIES,
  ...PEOPLE_FAMILIES,
  ...OTHER_FAMILIES,
];

/**
 * Cases written after the split, for the tuning half only, under the name and label of an
 * existing family: variety the tuning half lacked. They are built after every family, so the
 * families' cases (and their ids) stay exactly as they were, and none of them enters the test
 * half.
 */
export const TUNE_ONLY: Family[] = [...TUNE_EXTRA_SPAM, ...TUNE_EXTRA_WAVES, ...TUNE_EXTRA_HAM];

/** True for the id of a tuning-only case (`<family>-tNN`; the families' own are `<family>-NN`). */
export function isTuneOnly(id: string): boolean {
  return /-t\d{2}$/.test(id);
}

/** The two halves of the corpus. */
export type Half = "tune" | "test";

/** One stored case: an item POST /dryrun/evaluate accepts, with its id, family and label. */
export interface Case {
  id: string;
  family: string;
  label: "spam" | "ham";
  half: Half;
  /** When the case is evaluated (ISO 8601). */
  now: string;
  account: Record<string, unknown>;
  admin_account: Record<string, unknown>;
  /** Newest first, as the workflow gathers them. */
  statuses: Record<string, unknown>[];
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * Splits one family's case ids: sorted by the SHA-256 of the id, alternately tune and test.
 * A hash alone could leave a small family with one case on a side; alternating by hash rank
 * keeps each family balanced and still independent of anything but the ids.
 */
export function splitIds(ids: string[]): Map<string, Half> {
  const ranked = [...ids].sort((a, b) => (sha(a) < sha(b) ? -1 : 1));
  return new Map(ranked.map((id, i) => [id, i % 2 === 0 ? "tune" : "test"]));
}

// Each family draws from its own generator, so that editing one family leaves the others be.
function seedOf(name: string): number {
  return createHash("sha256").update(name).digest().readUInt32BE(0);
}

/** Renders every family into cases, then the tuning-only ones. */
export function buildCorpus(): Case[] {
  resetIds();
  const out: Case[] = [];
  for (const family of FAMILIES) {
    const specs = family.build(new Rng(seedOf(family.name)));
    const idOf = (i: number) => `${family.name}-${String(i + 1).padStart(2, "0")}`;
    const halves = splitIds(specs.map((_, i) => idOf(i)));
    specs.forEach((spec, i) => out.push(render(family, spec, idOf(i), halves.get(idOf(i))!)));
  }
  for (const family of TUNE_ONLY) {
    const specs = family.build(new Rng(seedOf(`${family.name}/tune-only`)));
    const idOf = (i: number) => `${family.name}-t${String(i + 1).padStart(2, "0")}`;
    specs.forEach((spec, i) => out.push(render(family, spec, idOf(i), "tune")));
  }
  return out;
}

function render(family: Family, spec: CaseSpec, id: string, half: Half): Case {
  const now = BASE_TIME + spec.atMs;
  const times = spec.statuses.map((s) => now - s.agoMs);
  const admin = adminAccount(spec.account, now, times);
  const statuses = [...spec.statuses].sort((a, b) => a.agoMs - b.agoMs)
    .map((s) => statusJson(s, now, admin.account));
  return {
    id,
    family: family.name,
    label: family.label,
    half,
    now: new Date(now).toISOString(),
    account: admin.account,
    admin_account: admin,
    statuses,
  };
}
