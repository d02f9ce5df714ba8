/** Helpers for route tests: an app over a test database with API-key auth. */
import type { Hono } from "hono";
import { requireAuth } from "../server/auth.ts";
import { createApp } from "../server/app.ts";
import { Metrics } from "../server/metrics.ts";
import type { AppEnv } from "../server/types.ts";

/** The API key route tests use. */
export const TEST_API_KEY = "test-api-key-0123456789";

/** The auth middleware route tests use: the test API key only. */
export const testAuth = requireAuth(TEST_API_KEY);

/** Builds an app over `routes`; `call` sends a request with the API key. */
export function testApp(routes: Hono<AppEnv>[]) {
  const app = createApp({ metrics: new Metrics(), maxBodyBytes: 65536, routes });
  const call = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { "x-api-key": TEST_API_KEY, ...(init.headers as Record<string, string>) },
    });
  return { app, call };
}
