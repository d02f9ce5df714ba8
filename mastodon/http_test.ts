import assert from "node:assert/strict";
import { createMastodon } from "./client.ts";
import { MastodonError } from "./errors.ts";
import { sampleAccount, sampleReport, sampleStatus } from "./testing/samples.ts";
import { json, scriptedClient } from "./testing/scripted_fetch.ts";

const status = sampleStatus("1", sampleAccount("9"));
const reset = (ms: number) => new Date(Date.parse("2026-08-01T13:45:00Z") + ms).toISOString();
const budget = (remaining: number, resetInMs: number) => ({
  "x-ratelimit-limit": "300",
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": reset(resetInMs),
});

async function failure(promise: Promise<unknown>): Promise<MastodonError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof MastodonError, `expected a MastodonError, got ${err}`);
    return err;
  }
  throw new Error("expected the call to fail");
}

Deno.test("createMastodon() sends the User-Agent, JSON Accept and the admin token", async () => {
  const { client, seen } = scriptedClient([() => json(status)]);
  await client.status("1");
  assert.equal(seen[0].url.href, "http://127.0.0.1:3000/api/v1/statuses/1");
  assert.equal(seen[0].headers.get("user-agent"), "MastoWatch/test (+https://example.test)");
  assert.equal(seen[0].headers.get("authorization"), "Bearer secret-admin-token");
  assert.equal(seen[0].headers.get("accept"), "application/json");
});

Deno.test("createMastodon() does not slow down while the rate-limit budget is ample", async () => {
  const { client, clock } = scriptedClient([() => json(status, 200, budget(200, 60_000))]);
  await client.status("1");
  await client.status("1");
  assert.deepEqual(clock.sleeps, []);
});

Deno.test("createMastodon() spreads calls out when under 10% of the budget is left", async () => {
  const { client, clock } = scriptedClient([() => json(status, 200, budget(10, 60_000))]);
  await client.status("1");
  await client.status("1");
  // 60 s until the reset shared among the 10 calls left (+1 so the last one lands after it).
  assert.deepEqual(clock.sleeps, [Math.ceil(60_000 / 11)]);
});

Deno.test("createMastodon() hands a spent budget back to the caller instead of holding it", async () => {
  const { client, clock, seen } = scriptedClient(
    [() => json(status, 200, budget(0, 120_000))],
    { maxWaitMs: 5_000 },
  );
  await client.status("1");
  const err = await failure(client.status("1"));
  assert.equal(err.code, "rate_limited");
  assert.equal(err.retryable, true);
  assert.equal(seen.length, 1, "nothing is sent over the budget");
  assert.deepEqual(clock.sleeps, [], "and the caller is not kept waiting");
});

Deno.test("createMastodon() waits out a 429 until the reset time and then succeeds", async () => {
  const { client, clock, seen } = scriptedClient([
    () => json({ error: "Too many requests" }, 429, budget(0, 20_000)),
    () => json(status, 200, budget(299, 300_000)),
  ]);
  const got = await client.status("1");
  assert.equal(got.id, "1");
  assert.equal(seen.length, 2);
  assert.deepEqual(clock.sleeps, [20_050]);
});

Deno.test("createMastodon() fails at once on a 429 whose reset is beyond the longest wait", async () => {
  const { client, seen } = scriptedClient(
    [() => json({ error: "Too many requests" }, 429, budget(0, 600_000))],
    { maxWaitMs: 60_000 },
  );
  const err = await failure(client.status("1"));
  assert.equal(err.status, 429);
  assert.equal(err.code, "rate_limited");
  assert.equal(err.retryable, true);
  assert.equal(seen.length, 1);
});

Deno.test("createMastodon() retries a 5xx with growing, jittered backoff and then succeeds", async () => {
  const { client, clock, seen } = scriptedClient([
    () => json({ error: "Service Unavailable" }, 503),
    () => new Response("<html>Bad Gateway</html>", { status: 502 }),
    () => json(status),
  ]);
  assert.equal((await client.status("1")).id, "1");
  assert.equal(seen.length, 3);
  assert.deepEqual(clock.sleeps, [375, 750]);
});

Deno.test("createMastodon() throws a retryable MastodonError once 5xx retries run out", async () => {
  const { client, seen } = scriptedClient([() => json({ error: "boom" }, 500)]);
  const err = await failure(client.status("1"));
  assert.equal(seen.length, 4);
  assert.equal(err.status, 500);
  assert.equal(err.retryable, true);
  assert.match(err.message, /GET \/api\/v1\/statuses\/:id .*500.*boom/);
});

Deno.test("createMastodon() does not retry a 4xx and names the path template", async () => {
  const { client, seen } = scriptedClient([() => json({ error: "Record not found" }, 404)]);
  const err = await failure(client.status("123"));
  assert.equal(seen.length, 1);
  assert.equal(err.status, 404);
  assert.equal(err.code, "not_found");
  assert.equal(err.retryable, false);
  assert.equal(err.path, "/api/v1/statuses/:id");
  assert.equal(
    err.message,
    "Mastodon GET /api/v1/statuses/:id failed with HTTP 404: Record not found",
  );
});

Deno.test("createMastodon() turns a timeout into a retryable MastodonError with status 0", async () => {
  const { client, seen } = scriptedClient([() => new Promise<Response>(() => {})], {
    timeoutMs: 20,
    maxRetries: 1,
  });
  const err = await failure(client.status("1"));
  assert.equal(seen.length, 2);
  assert.equal(err.status, 0);
  assert.equal(err.code, "timeout");
  assert.equal(err.retryable, true);
});

Deno.test("createMastodon() retries after a network failure", async () => {
  const { client, seen } = scriptedClient([
    () => {
      throw new TypeError("error sending request: connection refused");
    },
    () => json(status),
  ]);
  assert.equal((await client.status("1")).id, "1");
  assert.equal(seen.length, 2);
});

Deno.test("MastodonError messages never contain an access token", async () => {
  const { client } = scriptedClient([
    () => json({ error: "Token secret-admin-token is invalid" }, 401),
    () => {
      throw new TypeError("refused for Bearer secret-reporter-token");
    },
  ], { maxRetries: 0 });
  const unauthorized = await failure(client.status("1"));
  const network = await failure(client.createReport({ accountId: "9" }));
  for (const err of [unauthorized, network]) {
    assert.doesNotMatch(err.message, /secret-(admin|reporter)-token/);
    assert.match(err.message, /\[redacted\]/);
  }
  assert.equal(unauthorized.code, "unauthorized");
});

Deno.test("createMastodon() never repeats a report POST that timed out and marks it ambiguous", async () => {
  const { client, seen } = scriptedClient([() => new Promise<Response>(() => {})], {
    timeoutMs: 20,
  });
  const err = await failure(client.createReport({ accountId: "9", comment: "spam" }));
  assert.equal(seen.length, 1);
  assert.equal(err.status, 0);
  assert.equal(err.code, "ambiguous");
  assert.equal(err.retryable, true);
});

Deno.test("createMastodon() sends a report again after a 429, which Mastodon refused unseen", async () => {
  const { client, seen } = scriptedClient([
    () => json({ error: "Too many requests" }, 429, budget(0, 1_000)),
    () => json(sampleReport("7", sampleAccount("9"))),
  ]);
  assert.equal((await client.createReport({ accountId: "9" })).id, "7");
  assert.equal(seen.length, 2);
});

Deno.test("createMastodon() rejects an answer of the wrong shape without retrying", async () => {
  const { client, seen } = scriptedClient([() => json({ id: 5 })]);
  const err = await failure(client.status("1"));
  assert.equal(seen.length, 1);
  assert.equal(err.code, "invalid_response");
  assert.equal(err.retryable, false);
});

Deno.test("createMastodon() retries a truncated JSON answer", async () => {
  const { client, seen } = scriptedClient([
    () => new Response('{"id":"1","uri', { status: 200 }),
    () => json(status),
  ]);
  assert.equal((await client.status("1")).id, "1");
  assert.equal(seen.length, 2);
});

Deno.test("rateLimit() reports the last budget, reading a reset with microseconds", async () => {
  const { client } = scriptedClient([() =>
    json(status, 200, {
      "x-ratelimit-limit": "300",
      "x-ratelimit-remaining": "228",
      "x-ratelimit-reset": "2026-08-01T15:00:00.792546Z",
    })]);
  assert.deepEqual(client.rateLimit(), {});
  await client.status("1");
  assert.deepEqual(client.rateLimit(), {
    limit: 300,
    remaining: 228,
    reset: new Date("2026-08-01T15:00:00.792Z"),
  });
});

Deno.test("createMastodon() works over real HTTP and times out a body that stalls", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    if (new URL(req.url).pathname.endsWith("/1")) {
      return json(status, 200, { "x-ratelimit-remaining": "299" });
    }
    // Headers at once, then a body that never comes.
    return new Response(new ReadableStream({ start() {} }), { status: 200 });
  });
  try {
    const client = createMastodon({
      baseUrl: `http://127.0.0.1:${server.addr.port}`,
      adminToken: "secret-admin-token",
      userAgent: "MastoWatch/test",
      timeoutMs: 200,
      maxRetries: 0,
    });
    assert.equal((await client.status("1")).id, "1");
    assert.equal(client.rateLimit().remaining, 299);
    const err = await failure(client.status("2"));
    assert.equal(err.status, 0);
    assert.equal(err.code, "timeout");
  } finally {
    await server.shutdown();
  }
});
