import assert from "node:assert/strict";
import { emailDomain, isNewSignup, signupKeys, subnetOf, throwawayDomain } from "./signup.ts";

Deno.test("throwawayDomain() finds a domain of the maintained list and the subdomains under it", () => {
  assert.equal(throwawayDomain("mailinator.com"), "mailinator.com");
  assert.equal(throwawayDomain("inbox.mailinator.com"), "mailinator.com");
  assert.equal(throwawayDomain("gmail.com"), undefined);
});

Deno.test("throwawayDomain() exempts allowed forwarding domains and adds a rule's own", () => {
  assert.ok(throwawayDomain("duck.com"), "the package lists duck.com");
  assert.equal(throwawayDomain("duck.com", new Set(), new Set(["duck.com"])), undefined);
  assert.equal(throwawayDomain("spam.example", new Set(["spam.example"])), "spam.example");
});

Deno.test("emailDomain() lower-cases the part after the last @ and refuses an address without one", () => {
  assert.equal(emailDomain("A.B@Mail.Example."), "mail.example");
  assert.equal(emailDomain("nobody"), undefined);
  assert.equal(emailDomain(null), undefined);
});

Deno.test("subnetOf() gives an IPv4 address's /24 and an IPv6 address's /64, compressed or not", () => {
  assert.equal(subnetOf("203.0.113.77"), "203.0.113.0/24");
  assert.equal(subnetOf("2001:db8:0:1::5"), "2001:db8:0:1::/64");
  assert.equal(subnetOf("2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd"), "2001:db8:0:1::/64");
  assert.equal(subnetOf("not-an-ip"), undefined);
});

Deno.test("signupKeys() reads ip, else the first of ips, and the e-mail domain", () => {
  assert.deepEqual(signupKeys({ ips: [{ ip: "198.51.100.4" }], email: "x@yopmail.com" }), {
    ip: "198.51.100.4",
    subnet: "198.51.100.0/24",
    emailDomain: "yopmail.com",
  });
});

Deno.test("isNewSignup() holds for an account created within the window before now only", () => {
  const now = Date.parse("2026-11-20T12:00:00Z");
  assert.ok(isNewSignup(now - 3_600_000, now));
  assert.ok(!isNewSignup(now - 25 * 3_600_000, now));
  assert.ok(!isNewSignup(now + 1_000, now), "created after now");
});
