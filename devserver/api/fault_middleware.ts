/** Applies the injected faults (latency, errors, 429 bursts, malformed bodies, drops) to a request. */
import type { Context, Next } from "hono";
import type { Env } from "./auth.ts";
import type { Dev } from "../context.ts";
import { json } from "./http.ts";

/** Runs the request through the fault settings; the answer ends up in `c.res`. */
export async function faultMiddleware(dev: Dev, c: Context<Env>, next: Next) {
  const { faults, stats } = dev;
  if (!faults.applies(c.req.path)) return await next();
  if (faults.latencyMs > 0) {
    stats.fault("latency");
    await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  }
  const decision = faults.decide(dev.now(), dev.limiter.windowEnd());
  if (decision !== "none") stats.fault(decision);
  if (decision === "burst") {
    c.res = json(c, { error: "Too many requests" }, 429);
    for (const [k, v] of Object.entries(dev.limiter.burst())) c.res.headers.set(k, v);
    return;
  }
  if (decision === "error") {
    c.res = json(c, { error: "Internal server error" }, 500);
    return;
  }
  if (decision === "drop") {
    // A body that fails mid-stream: the client sees the connection cut before the answer ends.
    const body = new ReadableStream({
      start(controller) {
        controller.error(new Error("connection dropped by fault injection"));
      },
    });
    c.res = new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    return;
  }
  await next();
  if (decision === "malformed") {
    const text = await c.res.text();
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(text.slice(0, Math.floor(text.length / 2)), {
      status: c.res.status,
      headers,
    });
  }
}
