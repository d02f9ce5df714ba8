import assert from "node:assert/strict";
import { MastodonError } from "../mastodon/errors.ts";
import { PopulationMastodon } from "./population_mastodon.ts";

const m = new PopulationMastodon(42, Date.parse("2026-12-01T00:00:00Z"));

Deno.test("PopulationMastodon serves account i as population account i mod N under its own id", async () => {
  const n = m.templateCount;
  const a = await m.adminAccount(m.accountId(3));
  const b = await m.adminAccount(m.accountId(3 + n));
  assert.equal(a.id, m.accountId(3));
  assert.equal(a.account.id, a.id);
  assert.notEqual(b.id, a.id);
  assert.equal(b.username, a.username);
  assert.equal(m.label(3 + n), m.label(3));
});

Deno.test("PopulationMastodon's statuses belong to their account and can be fetched by id", async () => {
  const id = m.accountId(5_000);
  const statuses = await m.accountStatuses(id, { limit: 40 });
  assert.ok(statuses.length > 0);
  for (const s of statuses) assert.equal(s.account.id, id);
  const ids = statuses.map((s) => BigInt(s.id));
  assert.deepEqual(ids, [...ids].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)), "newest first");
  assert.equal((await m.status(statuses[0].id)).content, statuses[0].content);
});

Deno.test("PopulationMastodon answers 404 for an id it never made", async () => {
  await assert.rejects(m.adminAccount("12"), (e) => e instanceof MastodonError && e.status === 404);
  await assert.rejects(
    m.status("not-a-number"),
    (e) => e instanceof MastodonError && e.status === 404,
  );
});

Deno.test("PopulationMastodon's later passes over the population post texts of their own", async () => {
  const first = await m.accountStatuses(m.accountId(7));
  const later = await m.accountStatuses(m.accountId(7 + 2 * m.templateCount));
  assert.equal(later.length, first.length);
  assert.notEqual(later[0].content, first[0].content);
  assert.ok(later[0].content.includes("(2)"));
});
