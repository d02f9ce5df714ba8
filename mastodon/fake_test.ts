import assert from "node:assert/strict";
import { fakeError, FakeMastodon } from "./fake.ts";

Deno.test("FakeMastodon lists accounts by origin and status, newest first, with paging cursors", async () => {
  const fake = new FakeMastodon();
  const local = fake.addAccount({ username: "alice" });
  const remote = fake.addAccount({ username: "bob", domain: "remote.example" });
  const suspended = fake.addAccount({
    username: "carol",
    domain: "remote.example",
    suspended: true,
  });
  const all = await fake.listAdminAccounts({ origin: "remote" });
  assert.deepEqual(all.items.map((a) => a.id), [suspended.id, remote.id]);
  assert.equal(all.items[1].account.acct, "bob@remote.example");
  assert.deepEqual(all.prev, { minId: suspended.id });
  assert.equal(all.next, undefined);
  const active = await fake.listAdminAccounts({ origin: "remote", status: "active" });
  assert.deepEqual(active.items.map((a) => a.id), [remote.id]);
  const first = await fake.listAdminAccounts({ origin: "local", limit: 1 });
  assert.deepEqual(first.items.map((a) => a.id), [local.id]);
  assert.deepEqual(first.next, { maxId: local.id });
});

Deno.test("FakeMastodon walks new accounts forward like the real client", async () => {
  const fake = new FakeMastodon();
  const first = fake.addAccount({ domain: "r.example" });
  const start = await fake.newAdminAccountsSince({ origin: "remote" });
  assert.deepEqual(start, { accounts: [first], cursor: first.id });
  const later = Array.from({ length: 150 }, () => fake.addAccount({ domain: "r.example" }));
  const next = await fake.newAdminAccountsSince({ origin: "remote", cursor: start.cursor });
  assert.deepEqual(next.accounts.map((a) => a.id), later.map((a) => a.id));
  assert.equal(next.cursor, later.at(-1)!.id);
  assert.deepEqual(fake.calls.map((c) => c.method), [
    "newAdminAccountsSince",
    "listAdminAccounts",
    "newAdminAccountsSince",
    "listAdminAccounts",
    "listAdminAccounts",
  ]);
});

Deno.test("FakeMastodon files a report that moderators then find by target account", async () => {
  const fake = new FakeMastodon();
  const spammer = fake.addAccount({ username: "spammer", domain: "spam.example" });
  const post = fake.addStatus(spammer.id, { content: "<p>buy now</p>" });
  const report = await fake.createReport({
    accountId: spammer.id,
    statusIds: [post.id],
    comment: "x ".repeat(800),
    ruleIds: ["1"],
  });
  assert.equal(report.category, "violation");
  assert.deepEqual(report.status_ids, [post.id]);
  assert.ok(Array.from(report.comment).length <= 1000);
  const open = await fake.listAdminReports({ targetAccountId: spammer.id });
  assert.deepEqual(open.items.map((r) => r.id), [report.id]);
  assert.equal(open.items[0].account.username, "mastowatch");
  assert.deepEqual(open.items[0].statuses.map((s) => s.id), [post.id]);
  assert.deepEqual(open.items[0].rules.map((r) => r.id), ["1"]);
  assert.deepEqual((await fake.listAdminReports({ resolved: true })).items, []);
});

Deno.test("FakeMastodon answers unknown ids with a 404 MastodonError", async () => {
  const fake = new FakeMastodon();
  await assert.rejects(fake.status("404"), { status: 404, code: "not_found", retryable: false });
  await assert.rejects(fake.adminAccount("1"), { status: 404 });
  await assert.rejects(fake.createReport({ accountId: "1" }), { status: 404 });
});

Deno.test("FakeMastodon fails the next calls on request and records them", async () => {
  const fake = new FakeMastodon();
  fake.failNext(2, fakeError(503));
  await assert.rejects(fake.instance(), { status: 503, retryable: true });
  await assert.rejects(fake.verifyCredentials("admin"), { status: 503 });
  assert.equal((await fake.instance()).version, "4.6.4");
  assert.deepEqual(fake.calls.map((c) => c.method), ["instance", "verifyCredentials", "instance"]);
});

Deno.test("FakeMastodon returns copies, so callers cannot change its state", async () => {
  const fake = new FakeMastodon();
  const account = fake.addAccount();
  const status = fake.addStatus(account.id);
  const got = await fake.status(status.id);
  got.content = "changed";
  assert.equal((await fake.status(status.id)).content, "<p>Toot!</p>");
  const statuses = await fake.accountStatuses(account.id, { excludeReblogs: true });
  assert.deepEqual(statuses.map((s) => s.id), [status.id]);
});
