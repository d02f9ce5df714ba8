import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { hmacSha256, signatureCheck } from "./webhook_signature.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("the keyed HMAC gives RFC 4231's test vectors", () => {
  // Test case 1: a 20-byte key of 0x0b, "Hi There".
  assert.equal(
    hmacSha256("\x0b".repeat(20))(bytes("Hi There")),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
  );
  // Test case 2: a key shorter than the block.
  assert.equal(
    hmacSha256("Jefe")(bytes("what do ya want for nothing?")),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
});

Deno.test("the keyed HMAC equals node's for keys shorter than, equal to and longer than a block", () => {
  for (const secret of ["", "s", "x".repeat(64), "y".repeat(65), "ü-secret-".repeat(20)]) {
    const mac = hmacSha256(secret);
    for (const body of ["", "{}", "a".repeat(10_000)]) {
      // Twice: each check resumes from copies, never from a state a previous check changed.
      for (let round = 0; round < 2; round++) {
        assert.equal(mac(bytes(body)), createHmac("sha256", secret).update(body).digest("hex"));
      }
    }
  }
});

Deno.test("a signature check takes the right digest in either case and refuses everything else", () => {
  const check = signatureCheck("webhook-secret");
  const body = bytes('{"event":"status.created"}');
  const hex = createHmac("sha256", "webhook-secret").update(body).digest("hex");
  assert.equal(check(body, `sha256=${hex}`), true);
  assert.equal(check(body, `sha256=${hex.toUpperCase()}`), true);
  const flipped = hex[10] === "0" ? "1" : "0";
  for (
    const bad of [
      undefined,
      null,
      "",
      hex,
      `sha1=${hex}`,
      `sha256=${hex.slice(0, 63)}`,
      `sha256=${hex}0`,
      `sha256=${hex.slice(0, 10)}${flipped}${hex.slice(11)}`,
      `sha256=${hex.slice(0, 63)}g`,
      ` sha256=${hex}`,
      `sha256=${createHmac("sha256", "other").update(body).digest("hex")}`,
    ]
  ) {
    assert.equal(check(body, bad), false, String(bad));
  }
  assert.equal(check(bytes('{"event":"status.updated"}'), `sha256=${hex}`), false);
});
