import assert from "node:assert/strict";
import { canModerate, mastodonLogin, pkceChallenge, pkcePair } from "./mastodon_login.ts";

Deno.test("canModerate() admits Manage Reports or Administrator roles only", () => {
  assert.equal(canModerate("16"), true, "Manage Reports");
  assert.equal(canModerate("1"), true, "Administrator");
  assert.equal(canModerate("8388607"), true, "Owner (every bit)");
  assert.equal(canModerate("1024"), false, "Manage Users alone");
  assert.equal(canModerate("0"), false, "no role");
  assert.equal(canModerate(undefined), false);
  assert.equal(canModerate("16; drop"), false, "not a number");
});

Deno.test("pkceChallenge() is RFC 7636's S256 of the verifier", () => {
  // The example of RFC 7636, appendix B.
  assert.equal(
    pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  );
  const { verifier, challenge } = pkcePair();
  assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(challenge, pkceChallenge(verifier));
});

Deno.test("the code exchange sends the PKCE verifier and the redirect URI", async () => {
  let sent: URLSearchParams | undefined;
  const login = mastodonLogin({
    base: "https://social.example",
    clientId: "id",
    clientSecret: "secret",
    userAgent: "test",
    timeoutMs: 1000,
    fetch: (_url, init) => {
      sent = new URLSearchParams(String(init?.body));
      return Promise.resolve(Response.json({ access_token: "tok" }));
    },
  });
  const token = await login.exchange({
    code: "c",
    verifier: "v".repeat(43),
    redirectUri: "https://mw/admin/callback",
  });
  assert.equal(token, "tok");
  assert.equal(sent?.get("code_verifier"), "v".repeat(43));
  assert.equal(sent?.get("redirect_uri"), "https://mw/admin/callback");
  const url = new URL(
    login.authorizeUrl({ redirectUri: "https://mw/admin/callback", state: "s", challenge: "c" }),
  );
  assert.equal(url.searchParams.get("code_challenge_method"), "S256");
  assert.equal(url.searchParams.get("scope"), "read:accounts");
});
