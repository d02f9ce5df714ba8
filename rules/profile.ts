/**
 * A profile's fingerprint: a short digest of each part a spammer can edit after sign-up
 * (display name, bio, fields, avatar). The workflow stores the one its last analysis saw; a
 * later fingerprint that differs says which parts changed, without keeping the old text.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

/** Digests of the editable parts of a profile. */
export const ProfileFingerprintSchema = z.object({
  display_name: z.string(),
  note: z.string(),
  fields: z.string(),
  avatar: z.string(),
});
export type ProfileFingerprint = z.infer<typeof ProfileFingerprintSchema>;

/** The parts of an Account a fingerprint reads. */
export interface ProfileParts {
  display_name?: string | null;
  note?: string | null;
  fields?: { name?: string | null; value?: string | null }[] | null;
  avatar?: string | null;
  avatar_description?: string | null;
}

const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/** The fingerprint of an Account (public or the one inside an Admin::Account). */
export function profileFingerprint(a: ProfileParts): ProfileFingerprint {
  return {
    display_name: digest(a.display_name ?? ""),
    note: digest(a.note ?? ""),
    fields: digest(JSON.stringify((a.fields ?? []).map((f) => [f.name ?? "", f.value ?? ""]))),
    avatar: digest(`${a.avatar ?? ""}\n${a.avatar_description ?? ""}`),
  };
}

const NAMES: Record<keyof ProfileFingerprint, string> = {
  display_name: "display name",
  note: "bio",
  fields: "profile fields",
  avatar: "avatar",
};

/** What changed between two fingerprints, in reading order ("display name", "bio", …). */
export function profileChanges(before: ProfileFingerprint, after: ProfileFingerprint): string[] {
  return (Object.keys(NAMES) as (keyof ProfileFingerprint)[])
    .filter((k) => before[k] !== after[k]).map((k) => NAMES[k]);
}
