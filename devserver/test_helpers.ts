/** Small helpers shared by the development server's tests. */
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
