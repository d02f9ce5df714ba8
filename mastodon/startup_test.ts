import assert from "node:assert/strict";
import { fakeError, FakeMastodon } from "./fake.ts";
import { checkMastodon, compareVersions, parseVersion } from "./startup.ts";

function withRole(name: string, permissions: bigint) {
  const fake = new FakeMastodon();
  fake.credentials.admin.role = { id: "2", name, permissions: String(permissions) };
  return fake;
}

Deno.test("compareVersions() orders releases, pre-releases and fork suffixes", () => {
  assert.ok(compareVersions("4.6.4", "4.2.0") > 0);
  assert.ok(compareVersions("4.10.0", "4.9.9") > 0);
  assert.equal(compareVersions("4.3.0+glitch", "4.3.0"), 0);
  assert.ok(compareVersions("4.5.0-beta.1", "4.5.0") < 0);
  assert.ok(compareVersions("4.5.0-beta.1", "4.5.0-beta.2") < 0);
  assert.ok(compareVersions("4.5.0-beta.10", "4.5.0-beta.2") > 0);
  assert.ok(compareVersions("4.5.0-alpha.1", "4.5.0-beta.1") < 0);
  assert.ok(compareVersions("4.5.0-beta.1", "4.4.9") > 0);
  assert.equal(parseVersion("not a version"), undefined);
});

Deno.test("checkMastodon() passes on a current server with an Owner admin token", async () => {
  const fake = new FakeMastodon();
  assert.deepEqual(await checkMastodon(fake, "4.2.0"), {
    version: "4.6.4",
    domain: "fake.example",
    adminAccount: "admin",
    adminAccountId: fake.credentials.admin.id,
    reporterAccount: "mastowatch",
    reporterAccountId: fake.credentials.reporter.id,
  });
});

Deno.test("checkMastodon() refuses a server older than the minimum version", async () => {
  const fake = new FakeMastodon();
  fake.instanceInfo.version = "4.1.9+glitch";
  await assert.rejects(
    checkMastodon(fake, "4.2.0"),
    /Mastodon 4\.1\.9\+glitch at fake\.example is older than 4\.2\.0/,
  );
});

Deno.test("checkMastodon() treats a beta of the minimum version as too old", async () => {
  const fake = new FakeMastodon();
  fake.instanceInfo.version = "4.5.0-beta.1";
  await assert.rejects(checkMastodon(fake, "4.5.0"), /older than 4\.5\.0/);
});

Deno.test("checkMastodon() names the missing Manage Reports permission", async () => {
  const fake = withRole("Helper", 1n << 10n);
  await assert.rejects(
    checkMastodon(fake, "4.2.0"),
    (err: Error) => {
      assert.match(err.message, /role "Helper" lacks Manage Reports \(manage_reports\)/);
      assert.doesNotMatch(err.message, /Manage Users/);
      return true;
    },
  );
});

Deno.test("checkMastodon() names both permissions when the admin token's account has no role", async () => {
  const fake = new FakeMastodon();
  delete fake.credentials.admin.role;
  await assert.rejects(
    checkMastodon(fake, "4.2.0"),
    /which has no role and so lacks Manage Users \(manage_users\) to read accounts and Manage Reports/,
  );
});

Deno.test("checkMastodon() accepts a Moderator role and the administrator flag alone", async () => {
  await checkMastodon(withRole("Moderator", (1n << 4n) | (1n << 10n)), "4.2.0");
  await checkMastodon(withRole("Root", 1n), "4.2.0");
});

Deno.test("checkMastodon() explains a rejected reporter token", async () => {
  const fake = new FakeMastodon();
  const real = fake.verifyCredentials.bind(fake);
  fake.verifyCredentials = (token) =>
    token === "reporter"
      ? Promise.reject(fakeError(401, "/api/v1/accounts/verify_credentials"))
      : real(token);
  await assert.rejects(
    checkMastodon(fake, "4.2.0"),
    /Could not verify the reporter access token: the token is invalid or revoked/,
  );
});

Deno.test("checkMastodon() reports a token without the admin:read:reports scope", async () => {
  const fake = new FakeMastodon();
  fake.listAdminReports = () => Promise.reject(fakeError(403, "/api/v1/admin/reports"));
  await assert.rejects(checkMastodon(fake, "4.2.0"), /admin:read:reports.*lacks the scope/);
});

Deno.test("checkMastodon() says when Mastodon cannot be reached", async () => {
  const fake = new FakeMastodon();
  fake.failNext(1, fakeError(0, "/api/v2/instance"));
  await assert.rejects(checkMastodon(fake, "4.2.0"), /unreachable or failing/);
});

Deno.test("checkMastodon() accepts a reporter token limited to write:reports", async () => {
  const fake = new FakeMastodon();
  const verify = fake.verifyCredentials.bind(fake);
  fake.verifyCredentials = (token) =>
    token === "reporter" ? Promise.reject(fakeError(403)) : verify(token);
  const r = await checkMastodon(fake, "4.2.0");
  assert.equal(r.reporterAccountId, undefined);
  assert.equal(r.adminAccount, "admin");
});

Deno.test("checkMastodon() refuses a reporter token Mastodon does not know", async () => {
  const fake = new FakeMastodon();
  const verify = fake.verifyCredentials.bind(fake);
  fake.verifyCredentials = (token) =>
    token === "reporter" ? Promise.reject(fakeError(401)) : verify(token);
  await assert.rejects(checkMastodon(fake, "4.2.0"), /reporter access token.*invalid/);
});
