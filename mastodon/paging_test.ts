import assert from "node:assert/strict";
import { compareIds, parseLinkHeader } from "./paging.ts";
import { paceDelay, parseRateLimit } from "./rate_limit.ts";

Deno.test("parseLinkHeader() reads max_id of the next page and min_id of the prev page", () => {
  const links = parseLinkHeader(
    '<http://localhost:3000/api/v2/admin/accounts?limit=2&max_id=117020565837443964>; rel="next", ' +
      '<http://localhost:3000/api/v2/admin/accounts?limit=2&min_id=117020566092212359>; rel="prev"',
  );
  assert.deepEqual(links, {
    next: { maxId: "117020565837443964" },
    prev: { minId: "117020566092212359" },
  });
});

Deno.test("parseLinkHeader() accepts a lone prev link and an absent header", () => {
  assert.deepEqual(parseLinkHeader('<http://h/api/v1/admin/reports?min_id=1>; rel="prev"'), {
    prev: { minId: "1" },
  });
  assert.deepEqual(parseLinkHeader(null), {});
  assert.deepEqual(parseLinkHeader("garbage"), {});
});

Deno.test("compareIds() orders Mastodon ids numerically even beyond 2^53", () => {
  assert.ok(compareIds("9", "10") < 0);
  assert.ok(compareIds("117020566092212359", "117020566092212358") > 0);
  assert.equal(compareIds("42", "42"), 0);
  assert.deepEqual(["10", "9", "100"].sort(compareIds), ["9", "10", "100"]);
});

Deno.test("parseRateLimit() reads Mastodon's ISO 8601 reset with microseconds", () => {
  const state = parseRateLimit(
    new Headers({
      "x-ratelimit-limit": "300",
      "x-ratelimit-remaining": "299",
      "x-ratelimit-reset": "2026-08-01T13:50:00.460480Z",
    }),
  );
  assert.deepEqual(state, {
    limit: 300,
    remaining: 299,
    reset: new Date("2026-08-01T13:50:00.460Z"),
  });
  assert.equal(parseRateLimit(new Headers()), undefined);
});

Deno.test("paceDelay() is bounded and zero once the reset has passed", () => {
  const now = Date.parse("2026-08-01T13:45:00Z");
  const reset = new Date(now + 240_000);
  assert.equal(paceDelay({ limit: 300, remaining: 0, reset }, now, 60_000), 60_000);
  assert.equal(paceDelay({ limit: 300, remaining: 0, reset }, now + 250_000, 60_000), 0);
  assert.equal(paceDelay({ limit: 300, remaining: 31, reset }, now, 60_000), 0);
  assert.equal(paceDelay({ limit: 300, remaining: 29, reset }, now, 60_000), 8_000);
});

Deno.test("paceDelay() never spends the reserve: with only it left, it waits for the reset", () => {
  const now = Date.parse("2026-12-01T08:00:00Z");
  const reset = new Date(now + 200_000);
  const manners = { reserve: 0.2, burst: 1, periodMs: 300_000 };
  // 300 a window, 20% kept: after 240 calls nothing more goes until the reset.
  assert.equal(paceDelay({ limit: 300, remaining: 100, reset }, now, Infinity, manners), 0);
  assert.equal(paceDelay({ limit: 300, remaining: 60, reset }, now, Infinity, manners), 200_000);
  assert.equal(paceDelay({ limit: 300, remaining: 65, reset }, now, Infinity, manners, 5), 200_000);
});

Deno.test("paceDelay() lets part of a window go at once and spreads the rest over it", () => {
  const now = Date.parse("2026-12-01T08:00:00Z");
  const manners = { reserve: 0.2, burst: 0.5, periodMs: 300_000 };
  // Window just begun: 120 of the 240 usable go at once, the 121st waits for the pace.
  const fresh = new Date(now + 300_000);
  assert.equal(paceDelay({ limit: 300, remaining: 181, reset: fresh }, now, Infinity, manners), 0);
  const wait = paceDelay({ limit: 300, remaining: 180, reset: fresh }, now, Infinity, manners);
  assert.ok(wait > 0 && wait <= 2_500, `${wait} ms: one call's share of the window`);
  // Half the window gone: 180 usable so far.
  const half = new Date(now + 150_000);
  assert.equal(paceDelay({ limit: 300, remaining: 121, reset: half }, now, Infinity, manners), 0);
  assert.ok(paceDelay({ limit: 300, remaining: 120, reset: half }, now, Infinity, manners) > 0);
});
