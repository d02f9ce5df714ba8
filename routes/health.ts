/** GET /livez (process up) and GET /healthz (every dependency, with latency). */
import { Hono } from "hono";
import { z } from "zod";
import type { HealthCheck } from "../context.ts";
import { describe } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";

const CHECK_TIMEOUT_MS = 3000;

/** Runs one check with a time limit; answers its name, whether it passed, latency and error. */
export async function runCheck(check: HealthCheck) {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, ok: true, latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      name: check.name,
      ok: false,
      latency_ms: Math.round(performance.now() - started),
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

const CheckResult = z.object({
  ok: z.boolean(),
  latency_ms: z.number().int(),
  error: z.string().optional(),
});
const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  queue: z.enum(["kv", "postgres"]).optional().describe("where the workflow's queue runs"),
  checks: z.record(z.string(), CheckResult).describe("each dependency by name"),
});

const livez = describe({
  tags: ["health"],
  summary: "The process is up",
  auth: "none",
  responses: { 200: z.object({ status: z.literal("ok") }) },
});

const healthz = describe({
  tags: ["health"],
  summary: "Every dependency, with its latency",
  auth: "none",
  responses: { 200: Health, 503: { description: "A dependency failed", schema: Health } },
});

/** Health routes over the given checks; `about` is said beside them (which queue runs). */
export function healthRoutes(checks: HealthCheck[], about: Record<string, string> = {}) {
  const app = new Hono<AppEnv>();
  app.get("/livez", livez, (c) => c.json({ status: "ok" }));
  app.get("/healthz", healthz, async (c) => {
    const results = await Promise.all(checks.map(runCheck));
    const ok = results.every((r) => r.ok);
    const body = {
      status: ok ? "ok" : "unavailable",
      ...about,
      checks: Object.fromEntries(results.map(({ name, ...r }) => [name, r])),
    };
    return c.json(body, ok ? 200 : 503);
  });
  return app;
}
