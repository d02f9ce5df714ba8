import assert from "node:assert/strict";
import { batchCounters } from "./batch.ts";
import { linkKey } from "./fingerprint.ts";
import { status } from "./testing.ts";
import { AdminAccountSchema, StatusSchema } from "./types.ts";

const T = Date.parse("2026-11-20T12:00:00Z");
const MIN = 60_000;
const linked = (at: number) =>
  StatusSchema.parse(status('<p><a href="https://promo.example/x">promo</a></p>', {
    created_at: new Date(at).toISOString(),
  }));
const key = linkKey("https://promo.example/x")!;

Deno.test("batchCounters() counts the accounts that posted a link in the hour before each entry", () => {
  const entries = [0, 1, 2].map((i) => ({
    accountId: `a${i}`,
    statuses: [linked(T + i * 10 * MIN)],
    now: T + i * 10 * MIN,
  }));
  entries.push({ accountId: "late", statuses: [linked(T + 3 * 60 * MIN)], now: T + 3 * 60 * MIN });
  const counters = batchCounters(entries);
  assert.deepEqual(counters.map((c) => c.links[key]), [1, 2, 3, 1]);
});

function signup(id: string, ageMin: number, ip: string) {
  return AdminAccountSchema.parse({
    id,
    created_at: new Date(T - ageMin * MIN).toISOString(),
    ip,
    email: `${id}@yopmail.com`,
  });
}

Deno.test("batchCounters() counts new sign-ups per address, network and e-mail domain", () => {
  const admins = [
    signup("s1", 30, "198.51.100.7"),
    signup("s2", 20, "198.51.100.7"),
    signup("s3", 10, "198.51.100.9"),
  ];
  const counters = batchCounters(
    admins.map((a) => ({ accountId: a.id, statuses: [], admin: a, now: T })),
  );
  assert.deepEqual(counters[2].ips, { "198.51.100.9": 1 });
  assert.deepEqual(counters[0].ips, { "198.51.100.7": 2 });
  assert.deepEqual(counters[2].subnets, { "198.51.100.0/24": 3 });
  assert.deepEqual(counters[1].email_domains, { "yopmail.com": 3 });
});

Deno.test("batchCounters() keeps no sign-up counters for an account older than the window", () => {
  const old = signup("old", 3 * 24 * 60, "198.51.100.7");
  const [c] = batchCounters([{ accountId: "old", statuses: [], admin: old, now: T }]);
  assert.equal(c.ips, undefined);
});
