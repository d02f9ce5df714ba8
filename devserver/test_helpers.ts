/** Small helpers shared by the development server's tests. */
import assert from "node:assert/strict";
import { createDevServer, type DevServer, type DevServerOptions } from "./app.ts";

/** Headers for one of the fixed tokens, or none. */
export function auth(token = "dev-admin-token"): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** A manual-arrivals server with everything arrived, for tests that only read. */
export function arrivedServer(opts: DevServerOptions = {}): DevServer {
  const server = createDevServer(opts);
  server.tick();
  return server;
}

/** GETs a path as JSON with the admin token (or the given one). */
export async function getJson(
  server: DevServer,
  path: string,
  token = "dev-admin-token",
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await server.app.request(path, { headers: auth(token) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** POSTs a JSON body. */
export async function postJson(
  server: DevServer,
  path: string,
  body: unknown,
  token = "dev-admin-token",
): Promise<{ status: number; body: unknown }> {
  const res = await server.app.request(path, {
    method: "POST",
    headers: { ...auth(token), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Logs in through the OAuth flow as `user` (moderator or member); returns the access token. */
export async function oauthToken(server: DevServer, user: string): Promise<string> {
  const form = await server.app.request(
    "/oauth/authorize?client_id=dev-client&redirect_uri=http://app.test/cb&response_type=code&scope=read+admin:read",
  );
  assert.match(await form.text(), /moderator[\s\S]*member/);
  const chosen = await server.app.request("/oauth/authorize", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      user,
      client_id: "dev-client",
      redirect_uri: "http://app.test/cb",
      scope: "read admin:read",
      state: "xyz",
    }).toString(),
  });
  assert.equal(chosen.status, 302);
  const location = new URL(chosen.headers.get("location")!);
  assert.equal(location.searchParams.get("state"), "xyz");
  const token = await server.app.request("/oauth/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      grant_type: "authorization_code",
      code: location.searchParams.get("code"),
      client_id: "dev-client",
      client_secret: "dev-secret",
      redirect_uri: "http://app.test/cb",
    }),
  });
  assert.equal(token.status, 200);
  return (await token.json()).access_token as string;
}
