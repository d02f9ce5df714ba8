import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createDevServer, type DevServer } from "../app.ts";

const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const form = { "Content-Type": "application/x-www-form-urlencoded" };

async function codeFor(server: DevServer, extra: Record<string, string>) {
  const res = await server.app.request("/oauth/authorize", {
    method: "POST",
    headers: form,
    body: new URLSearchParams({
      user: "moderator",
      client_id: "dev-client",
      redirect_uri: "http://app.test/cb",
      scope: "read:accounts",
      ...extra,
    }).toString(),
  });
  assert.equal(res.status, 302);
  return new URL(res.headers.get("location")!).searchParams.get("code")!;
}

function exchange(server: DevServer, code: string, verifier?: string) {
  return server.app.request("/oauth/token", {
    method: "POST",
    headers: form,
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      client_id: "dev-client",
      client_secret: "dev-secret",
      redirect_uri: "http://app.test/cb",
      ...(verifier === undefined ? {} : { code_verifier: verifier }),
    }).toString(),
  });
}

Deno.test("a code issued with a PKCE challenge is exchanged only with its verifier", async () => {
  const server = createDevServer();
  const challenged = { code_challenge: CHALLENGE, code_challenge_method: "S256" };
  const wrong = await exchange(server, await codeFor(server, challenged), "x".repeat(43));
  assert.equal(wrong.status, 400);
  assert.equal((await wrong.json()).error, "invalid_grant");
  const missing = await exchange(server, await codeFor(server, challenged));
  assert.equal(missing.status, 400);
  await missing.body?.cancel();
  const right = await exchange(server, await codeFor(server, challenged), VERIFIER);
  assert.equal(right.status, 200);
  assert.ok((await right.json()).access_token);
});

Deno.test("the authorize page refuses the plain PKCE method, as Mastodon allows S256 only", async () => {
  const server = createDevServer();
  const res = await server.app.request(
    `/oauth/authorize?client_id=dev-client&redirect_uri=http://app.test/cb&code_challenge=${CHALLENGE}&code_challenge_method=plain`,
  );
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error, "invalid_request");
});

Deno.test("a revoked token no longer answers verify_credentials", async () => {
  const server = createDevServer();
  const token = (await (await exchange(server, await codeFor(server, {}))).json()).access_token;
  const me = () =>
    server.app.request("/api/v1/accounts/verify_credentials", {
      headers: { Authorization: `Bearer ${token}` },
    });
  assert.equal((await me()).status, 200);
  const revoked = await server.app.request("/oauth/revoke", {
    method: "POST",
    headers: form,
    body: new URLSearchParams({ client_id: "dev-client", client_secret: "dev-secret", token }),
  });
  assert.equal(revoked.status, 200);
  assert.equal((await me()).status, 401);
});
