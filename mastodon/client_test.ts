import assert from "node:assert/strict";
import type { AdminAccount } from "./schemas.ts";
import { sampleAccount, sampleAdminAccount, sampleReport } from "./testing/samples.ts";
import { json, scriptedClient, type SeenRequest } from "./testing/scripted_fetch.ts";

/** Serves `/api/v2/admin/accounts` the way Mastodon pages it, over a growing list of accounts. */
function accountServer(accounts: AdminAccount[]) {
  return (req: SeenRequest) => {
    const q = req.url.searchParams;
    const limit = Number(q.get("limit") ?? 40);
    const asc = [...accounts].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const minId = q.get("min_id");
    const maxId = q.get("max_id");
    const page = minId
      ? asc.filter((a) => BigInt(a.id) > BigInt(minId)).slice(0, limit).reverse()
      : asc.reverse().filter((a) => !maxId || BigInt(a.id) < BigInt(maxId)).slice(0, limit);
    const base = `http://127.0.0.1:3000/api/v2/admin/accounts?limit=${limit}`;
    const links = [];
    if (page.length === limit) links.push(`<${base}&max_id=${page.at(-1)!.id}>; rel="next"`);
    if (page.length > 0) links.push(`<${base}&min_id=${page[0].id}>; rel="prev"`);
    return json(page, 200, links.length ? { link: links.join(", ") } : {});
  };
}

const idAt = (n: number) => String(117020565693913441n + BigInt(n));
const accountsFrom = (start: number, count: number) =>
  Array.from({ length: count }, (_, i) => sampleAdminAccount(idAt(start + i)));

Deno.test("createReport() posts a form with [] lists using the reporter token", async () => {
  const { client, seen } = scriptedClient([() => json(sampleReport("1", sampleAccount("9")))]);
  const report = await client.createReport({
    accountId: "9",
    statusIds: ["11", "12"],
    comment: "spam wave",
    category: "spam",
    ruleIds: ["2"],
    forward: true,
    forwardToDomains: ["remote.example"],
  });
  assert.equal(report.id, "1");
  const [req] = seen;
  assert.equal(req.method, "POST");
  assert.equal(req.url.pathname, "/api/v1/reports");
  assert.equal(req.headers.get("authorization"), "Bearer secret-reporter-token");
  assert.equal(req.headers.get("content-type"), "application/x-www-form-urlencoded");
  const form = new URLSearchParams(req.body ?? "");
  assert.deepEqual(form.getAll("status_ids[]"), ["11", "12"]);
  assert.deepEqual(form.getAll("rule_ids[]"), ["2"]);
  assert.deepEqual(form.getAll("forward_to_domains[]"), ["remote.example"]);
  assert.equal(form.get("forward"), "true");
  assert.equal(form.get("category"), "spam");
});

Deno.test("createReport() cuts a long comment to 1000 characters", async () => {
  const { client, seen } = scriptedClient([() => json(sampleReport("1", sampleAccount("9")))]);
  await client.createReport({ accountId: "9", comment: "word ".repeat(400) });
  const comment = new URLSearchParams(seen[0].body ?? "").get("comment") ?? "";
  assert.ok(Array.from(comment).length <= 1000);
});

Deno.test("listAdminAccounts() sends the filters and reads the Link header", async () => {
  const accounts = accountsFrom(0, 5);
  const { client, seen } = scriptedClient([accountServer(accounts)]);
  const page = await client.listAdminAccounts({ origin: "remote", status: "active", limit: 2 });
  const q = seen[0].url.searchParams;
  assert.equal(seen[0].url.pathname, "/api/v2/admin/accounts");
  assert.equal(q.get("origin"), "remote");
  assert.equal(q.get("status"), "active");
  assert.deepEqual(page.items.map((a) => a.id), [idAt(4), idAt(3)]);
  assert.deepEqual(page.next, { maxId: idAt(3) });
  assert.deepEqual(page.prev, { minId: idAt(4) });
});

Deno.test("newAdminAccountsSince() pages forward across pages with no gap or repeat", async () => {
  const accounts = accountsFrom(0, 10);
  const serve = accountServer(accounts);
  let calls = 0;
  const { client, seen } = scriptedClient([(req) => {
    // Accounts keep arriving while the walk is under way.
    if (++calls === 2) accounts.push(...accountsFrom(10 + 250, 30));
    return serve(req);
  }]);
  accounts.push(...accountsFrom(10, 250));
  const { accounts: got, cursor } = await client.newAdminAccountsSince({
    origin: "remote",
    cursor: idAt(9),
  });
  const want = Array.from({ length: 280 }, (_, i) => idAt(10 + i));
  assert.deepEqual(got.map((a) => a.id), want);
  assert.equal(cursor, idAt(289));
  assert.equal(seen.length, 3);
  assert.ok(seen.every((r) => r.url.searchParams.has("min_id")));
});

Deno.test("newAdminAccountsSince() stops after maxPages and resumes from the cursor it returns", async () => {
  const accounts = accountsFrom(0, 300);
  const { client } = scriptedClient([accountServer(accounts)]);
  const first = await client.newAdminAccountsSince({
    origin: "local",
    cursor: idAt(0),
    maxPages: 2,
  });
  assert.equal(first.accounts.length, 200);
  const second = await client.newAdminAccountsSince({ origin: "local", cursor: first.cursor });
  assert.equal(second.accounts.length, 99);
  assert.equal(second.accounts[0].id, idAt(201));
  assert.equal(second.cursor, idAt(299));
});

Deno.test("newAdminAccountsSince() without a cursor reads only the newest page", async () => {
  const accounts = accountsFrom(0, 250);
  const { client, seen } = scriptedClient([accountServer(accounts)]);
  const { accounts: got, cursor } = await client.newAdminAccountsSince({ origin: "remote" });
  assert.equal(seen.length, 1);
  assert.equal(got.length, 100);
  assert.equal(got[0].id, idAt(150));
  assert.equal(cursor, idAt(249));
});

Deno.test("newAdminAccountsSince() keeps the cursor when nothing is new", async () => {
  const { client } = scriptedClient([accountServer(accountsFrom(0, 3))]);
  assert.deepEqual(await client.newAdminAccountsSince({ origin: "remote", cursor: idAt(2) }), {
    accounts: [],
    cursor: idAt(2),
  });
});

Deno.test("listAdminReports() sends resolved only when true, with the account filters", async () => {
  const { client, seen } = scriptedClient([() => json([])]);
  await client.listAdminReports({ resolved: false, targetAccountId: "9" });
  await client.listAdminReports({ resolved: true, accountId: "8" });
  assert.equal(seen[0].url.search, "?target_account_id=9");
  assert.equal(seen[1].url.search, "?resolved=true&account_id=8");
});

Deno.test("accountStatuses() asks for the account's statuses without boosts", async () => {
  const { client, seen } = scriptedClient([() => json([])]);
  await client.accountStatuses("42", { limit: 20, excludeReblogs: true, maxId: "7" });
  assert.equal(
    seen[0].url.href,
    "http://127.0.0.1:3000/api/v1/accounts/42/statuses?limit=20&exclude_reblogs=true&max_id=7",
  );
});

Deno.test("createMastodon() accepts a base URL with a trailing slash and refuses one without a scheme", async () => {
  const { client, seen } = scriptedClient([() => json([])], { baseUrl: "http://127.0.0.1:3000/" });
  await client.accountStatuses("1");
  assert.equal(seen[0].url.href, "http://127.0.0.1:3000/api/v1/accounts/1/statuses");
  assert.throws(() => scriptedClient([], { baseUrl: "127.0.0.1:3000" }), /http:\/\//);
});
