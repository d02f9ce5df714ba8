import assert from "node:assert/strict";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { createApp } from "./app.ts";
import { HttpError } from "./errors.ts";
import { Metrics } from "./metrics.ts";
import { within } from "./within.ts";
import type { AppEnv } from "./types.ts";
import { readJson } from "./validate.ts";

function testApp(maxBodyBytes = 1024, deadlineMs?: number) {
  const routes = new Hono<AppEnv>();
  routes.post("/echo", async (c) => {
    const body = await readJson(c, z.object({ name: z.string().min(1) }));
    return c.json(body);
  });
  routes.get("/boom", () => {
    throw new Error("secret internals at line 42");
  });
  routes.get("/conflict", () => {
    throw new HttpError(409, "Already there");
  });
  routes.get("/items/:id", (c) => c.json({ id: c.req.param("id") }));
  // A route waiting on something that never answers.
  routes.get("/hang", () => new Promise<Response>(() => {}));
  const metrics = new Metrics();
  return { app: createApp({ metrics, maxBodyBytes, routes: [routes], deadlineMs }), metrics };
}

Deno.test("an unknown route answers 404 JSON with a request id", async () => {
  const res = await testApp().app.request("/nowhere");
  assert.equal(res.status, 404);
  const body = await res.json();
  assert.equal(body.error.code, "not_found");
  assert.equal(body.error.request_id, res.headers.get("x-request-id"));
});

Deno.test("malformed JSON answers 400 and a wrong shape 422 with field details", async () => {
  const { app } = testApp();
  const bad = await app.request("/echo", { method: "POST", body: "{nope" });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, "bad_request");
  const wrong = await app.request("/echo", { method: "POST", body: '{"name": 3}' });
  assert.equal(wrong.status, 422);
  const body = await wrong.json();
  assert.equal(body.error.details[0].field, "name");
});

Deno.test("a body over the limit answers 413", async () => {
  const { app } = testApp(1024);
  const res = await app.request("/echo", {
    method: "POST",
    body: JSON.stringify({ name: "x".repeat(5000) }),
    headers: { "content-length": "5012" },
  });
  assert.equal(res.status, 413);
  // Refused at the edge itself, the answer still carries what every answer carries.
  const id = res.headers.get("x-request-id");
  assert.match(id ?? "", /^[0-9a-f-]{36}$/);
  assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'none'/);
  const body = await res.json();
  assert.equal(body.error.code, "payload_too_large");
  assert.equal(body.error.request_id, id);
});

Deno.test("a body without a declared length is counted as it is read: over the limit is 413", async () => {
  const { app } = testApp(1024);
  const chunks = (n: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < n; i++) controller.enqueue(new TextEncoder().encode("x".repeat(400)));
        controller.close();
      },
    });
  const post = (n: number) =>
    app.request("/echo", {
      method: "POST",
      body: chunks(n),
      headers: { "transfer-encoding": "chunked" },
      duplex: "half",
    } as RequestInit);
  const over = await post(3);
  assert.equal(over.status, 413);
  assert.equal((await over.json()).error.code, "payload_too_large");
  // Under the limit the counted body still reaches the route (here: not JSON, so a 400).
  assert.equal((await post(1)).status, 400);
});

Deno.test("an unexpected error answers 500 without its message or stack", async () => {
  const res = await testApp().app.request("/boom");
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.ok(!text.includes("secret internals"));
  assert.ok(!text.includes("at "));
  assert.equal(JSON.parse(text).error.message, "Internal error");
});

Deno.test("a request that gets no answer within the deadline is answered 503, one that does is not", async () => {
  const { app, metrics } = testApp(1024, 50);
  const res = await within(5_000, app.request("/hang"), () => new Error("no answer within 5 s"));
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "5");
  assert.ok(res.headers.get("x-request-id"));
  const body = await res.json();
  assert.equal(body.error.code, "timeout");
  assert.match(body.error.message, /No answer within 0.05 s/);
  assert.match(
    await metrics.render(),
    /http_requests_total\{method="GET",route="\/hang",status="503"\} 1/,
  );
  // A route that answers in time is untouched, and its timer does not outlive it (the test's
  // sanitizer fails on a timer left running).
  const ok = await app.request("/items/7");
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { id: "7" });
});

Deno.test("an HttpError keeps its status and message", async () => {
  const res = await testApp().app.request("/conflict");
  assert.equal(res.status, 409);
  assert.equal((await res.json()).error.message, "Already there");
});

Deno.test("a sane X-Request-Id is echoed and an unsafe one replaced", async () => {
  const { app } = testApp();
  const kept = await app.request("/nowhere", { headers: { "x-request-id": "abc-123" } });
  assert.equal(kept.headers.get("x-request-id"), "abc-123");
  const replaced = await app.request("/nowhere", {
    headers: { "x-request-id": "bad id <script>" },
  });
  assert.notEqual(replaced.headers.get("x-request-id"), "bad id <script>");
  assert.match(replaced.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
});

Deno.test("requests are counted by route template and status", async () => {
  const { app, metrics } = testApp();
  await app.request("/conflict");
  await app.request("/conflict");
  await app.request("/nowhere");
  assert.equal(
    metrics.counter("http_requests_total", { method: "GET", route: "/conflict", status: "409" }),
    2,
  );
  assert.equal(
    metrics.counter("http_requests_total", { method: "GET", route: "unmatched", status: "404" }),
    1,
  );
  assert.match(
    await metrics.render(),
    /http_request_duration_seconds_count\{method="GET",route="\/conflict"\} 2/,
  );
});

Deno.test("made-up methods and random paths add no series to /metrics", async () => {
  const { app, metrics } = testApp();
  const methods = () => `X${crypto.randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`;
  const paths = () => `/${crypto.randomUUID()}/${crypto.randomUUID()}`;
  // The first of each creates the "other" and "unmatched" series; later ones must not add any.
  await app.request("/conflict", { method: methods() });
  await app.request(paths());
  await app.request(`/items/${crypto.randomUUID()}`);
  const lines = async () => (await metrics.render()).trim().split("\n").length;
  const before = await lines();
  const sent: string[] = [];
  for (let i = 0; i < 30; i++) {
    const method = methods();
    sent.push(method);
    const res = await app.request("/conflict", { method });
    await res.body?.cancel();
    const random = await app.request(paths());
    await random.body?.cancel();
    const item = await app.request(`/items/${crypto.randomUUID()}`);
    await item.body?.cancel();
  }
  const text = await metrics.render();
  assert.equal(await lines(), before);
  assert.ok(sent.every((m) => !text.includes(m)), "no made-up method reaches a label");
  assert.equal(
    metrics.counter("http_requests_total", { method: "other", route: "unmatched", status: "404" }),
    31,
  );
  assert.equal(
    metrics.counter("http_requests_total", { method: "GET", route: "unmatched", status: "404" }),
    31,
  );
  assert.equal(
    metrics.counter("http_requests_total", { method: "GET", route: "/items/:id", status: "200" }),
    31,
  );
});

Deno.test("every answer carries the security headers: JSON, errors and pages", async () => {
  const { app } = testApp();
  const page = await app.request("/nowhere", { headers: { accept: "text/html" } });
  const json = [await app.request("/items/1"), await app.request("/boom")];
  for (const res of [page, ...json]) {
    assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "same-origin");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("cross-origin-resource-policy"), "same-origin");
    assert.match(res.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
  }
  // A page runs our own scripts and styles only, and is isolated from pages that open it.
  assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
  const csp = page.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/, "no inline or remote scripts");
  assert.equal(page.headers.get("cross-origin-opener-policy"), "same-origin");
  // Anything else, opened as a document, may load and run nothing.
  for (const res of json) {
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(
      res.headers.get("content-security-policy"),
      "default-src 'none'; frame-ancestors 'none'",
    );
    assert.equal(res.headers.get("x-xss-protection"), null, "page-only headers stay on pages");
  }
  for (const res of [page, ...json]) await res.body?.cancel();
});

Deno.test("HttpError is Hono's HTTPException, and its headers reach the answer", async () => {
  const err = new HttpError(429, "Slow down", undefined, undefined, { "Retry-After": "7" });
  assert.ok(err instanceof HTTPException);
  const routes = new Hono<AppEnv>();
  routes.get("/limited", () => {
    throw err;
  });
  const res = await createApp({ metrics: new Metrics(), maxBodyBytes: 1024, routes: [routes] })
    .request("/limited");
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "7");
  assert.equal((await res.json()).error.code, "too_many_requests");
});
