import assert from "node:assert/strict";
import { profileChanges, profileFingerprint } from "./profile.ts";

const before = {
  display_name: "Anna",
  note: "<p>Gardener</p>",
  fields: [{ name: "Web", value: "https://anna.example" }],
  avatar: "https://x.example/a.png",
  avatar_description: "",
};

Deno.test("profileChanges() names the parts that changed, in reading order", () => {
  const after = { ...before, note: "<p>Crypto signals</p>", fields: [] };
  assert.deepEqual(profileChanges(profileFingerprint(before), profileFingerprint(after)), [
    "bio",
    "profile fields",
  ]);
});

Deno.test("profileChanges() counts a new avatar description as an avatar change", () => {
  const after = { ...before, avatar_description: "Scan to claim 500 USDT" };
  assert.deepEqual(profileChanges(profileFingerprint(before), profileFingerprint(after)), [
    "avatar",
  ]);
});

Deno.test("profileChanges() finds nothing between two fingerprints of the same profile", () => {
  assert.deepEqual(
    profileChanges(profileFingerprint(before), profileFingerprint({ ...before })),
    [],
  );
});
