import assert from "node:assert/strict";
import { canModerate } from "./auth.ts";

Deno.test("canModerate() admits Manage Reports or Administrator roles only", () => {
  assert.equal(canModerate("16"), true, "Manage Reports");
  assert.equal(canModerate("1"), true, "Administrator");
  assert.equal(canModerate("8388607"), true, "Owner (every bit)");
  assert.equal(canModerate("1024"), false, "Manage Users alone");
  assert.equal(canModerate("0"), false, "no role");
  assert.equal(canModerate(undefined), false);
  assert.equal(canModerate("16; drop"), false, "not a number");
});
