import assert from "node:assert/strict";
import type { Json } from "../entities.ts";
import { arrivedServer, auth, getJson, postJson } from "../test_helpers.ts";

function nextLink(headers: Headers): string | null {
  const match = (headers.get("link") ?? "").match(/<([^>]+)>;\s*rel="next"/);
  return match ? new URL(match[1]).pathname + new URL(match[1]).search : null;
}

Deno.test("paging the admin accounts list through Link headers visits every account once", async () => {
  const server = arrivedServer();
  const seen: string[] = [];
  let path: string | null = "/api/v2/admin/accounts?limit=37";
  while (path) {
    const res = await getJson(server, path);
    assert.equal(res.status, 200);
    const page = res.body as Json[];
    seen.push(...page.map((a) => a.id));
    path = page.length ? nextLink(res.headers) : null;
  }
  assert.equal(seen.length, server.dev.state.accounts.size);
  assert.equal(new Set(seen).size, seen.length);
  const sorted = [...seen].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));
  assert.deepEqual(seen, sorted);
});

Deno.test("min_id answers the page immediately above the id and since_id the newest page above it", async () => {
  const server = arrivedServer();
  const all = (await getJson(server, "/api/v2/admin/accounts?limit=200&origin=local"))
    .body as Json[];
  const pivot = all[50].id;
  const above = all.slice(0, 50).map((a) => a.id);
  const min = (await getJson(server, `/api/v2/admin/accounts?origin=local&limit=5&min_id=${pivot}`))
    .body as Json[];
  assert.deepEqual(min.map((a) => a.id), above.slice(45));
  const since =
    (await getJson(server, `/api/v2/admin/accounts?origin=local&limit=5&since_id=${pivot}`))
      .body as Json[];
  assert.deepEqual(since.map((a) => a.id), above.slice(0, 5));
});

Deno.test("admin accounts filter by origin and limit is capped at 200", async () => {
  const server = arrivedServer();
  const remote = (await getJson(server, "/api/v2/admin/accounts?origin=remote&limit=500"))
    .body as Json[];
  assert.equal(remote.length, 200);
  assert.ok(remote.every((a) => a.domain !== null && a.role === null));
  const staff = (await getJson(server, "/api/v2/admin/accounts?origin=local&permissions=staff"))
    .body as Json[];
  assert.deepEqual(staff.map((a) => a.username).sort(), ["admin", "moderator"]);
});

Deno.test("a missing or unknown token gets 401 and the reporter token gets 403 on admin endpoints", async () => {
  const server = arrivedServer();
  const none = await server.app.request("/api/v2/admin/accounts");
  assert.equal(none.status, 401);
  assert.deepEqual(await none.json(), { error: "The access token is invalid" });
  const bad = await getJson(server, "/api/v2/admin/accounts", "nope");
  assert.equal(bad.status, 401);
  const reporter = await getJson(server, "/api/v2/admin/accounts", "dev-reporter-token");
  assert.equal(reporter.status, 403);
  assert.deepEqual(reporter.body, { error: "This action is outside the authorized scopes" });
});

Deno.test("unknown accounts, statuses and routes answer 404 with Mastodon's error bodies", async () => {
  const server = arrivedServer();
  assert.deepEqual((await getJson(server, "/api/v1/admin/accounts/1")).body, {
    error: "Record not found",
  });
  const status = await getJson(server, "/api/v1/statuses/0");
  assert.equal(status.status, 404);
  assert.deepEqual(status.body, { error: "Not Found" });
  assert.equal((await getJson(server, "/api/v1/nothing/here")).status, 404);
});

Deno.test("account statuses show public and unlisted posts and honour exclude_replies and only_media", async () => {
  const server = arrivedServer();
  const entry = [...server.dev.state.accounts.values()].find((e) =>
    e.statuses.some((s) => s.in_reply_to_id !== null) && e.statuses.length >= 3
  )!;
  const path = `/api/v1/accounts/${entry.admin.id}/statuses`;
  const all = (await getJson(server, `${path}?limit=40`)).body as Json[];
  assert.equal(all.length, Math.min(40, entry.statuses.length));
  const noReplies = (await getJson(server, `${path}?exclude_replies=true&limit=40`)).body as Json[];
  assert.ok(noReplies.length < all.length && noReplies.every((s) => s.in_reply_to_id === null));
  const media = (await getJson(server, `${path}?only_media=true`)).body as Json[];
  assert.ok(media.every((s) => s.media_attachments.length > 0));
});

function reportTarget(server: ReturnType<typeof arrivedServer>) {
  return [...server.dev.state.accounts.values()].find((e) => e.label === "mention-spam")!;
}

Deno.test("a form-encoded report with status_ids[] and rule_ids[] is filed as a violation", async () => {
  const server = arrivedServer();
  const target = reportTarget(server);
  const form = new URLSearchParams();
  form.set("account_id", target.admin.id);
  form.append("status_ids[]", target.statuses[0].id);
  form.append("rule_ids[]", "1");
  form.set("comment", "mention spam wave");
  form.set("category", "spam");
  const res = await server.app.request("/api/v1/reports", {
    method: "POST",
    headers: { ...auth("dev-reporter-token"), "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  assert.equal(res.status, 200);
  const report = await res.json();
  assert.equal(report.category, "violation");
  assert.deepEqual(report.rule_ids, ["1"]);
  assert.deepEqual(report.status_ids, [target.statuses[0].id]);
  assert.equal(report.target_account.id, target.admin.id);
});

Deno.test("a JSON report is accepted and appears in the admin reports list", async () => {
  const server = arrivedServer();
  const target = reportTarget(server);
  const filed = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    status_ids: [target.statuses[0].id],
    comment: "spam",
    category: "spam",
    forward: true,
  }, "dev-reporter-token");
  assert.equal(filed.status, 200);
  assert.equal((filed.body as Json).forwarded, true);
  const list = await getJson(
    server,
    `/api/v1/admin/reports?target_account_id=${target.admin.id}`,
  );
  assert.deepEqual((list.body as Json[]).map((r) => r.id), [(filed.body as Json).id]);
  assert.equal(server.stats().reports_received, 1);
});

Deno.test("reports with an unknown account answer 404 and an overlong comment 422", async () => {
  const server = arrivedServer();
  const missing = await postJson(
    server,
    "/api/v1/reports",
    { account_id: "1" },
    "dev-reporter-token",
  );
  assert.equal(missing.status, 404);
  const none = await postJson(server, "/api/v1/reports", {}, "dev-reporter-token");
  assert.equal(none.status, 404);
  const long = await postJson(server, "/api/v1/reports", {
    account_id: reportTarget(server).admin.id,
    comment: "x".repeat(1001),
  }, "dev-reporter-token");
  assert.equal(long.status, 422);
  assert.match((long.body as Json).error, /^Validation failed: Comment is too long/);
});

Deno.test("resolving and reopening a report moves it between the resolved and open lists", async () => {
  const server = arrivedServer();
  const target = reportTarget(server);
  const filed = await postJson(
    server,
    "/api/v1/reports",
    { account_id: target.admin.id },
    "dev-reporter-token",
  );
  const id = (filed.body as Json).id;
  const resolved = await postJson(server, `/api/v1/admin/reports/${id}/resolve`, {});
  assert.equal((resolved.body as Json).action_taken, true);
  assert.deepEqual((await getJson(server, "/api/v1/admin/reports")).body, []);
  const closed = (await getJson(server, "/api/v1/admin/reports?resolved=true")).body as Json[];
  assert.equal(closed[0].id, id);
  await postJson(server, `/api/v1/admin/reports/${id}/reopen`, {});
  const open = (await getJson(server, "/api/v1/admin/reports")).body as Json[];
  assert.equal(open[0].action_taken, false);
});

Deno.test("the dev resolve endpoint records a dismissal or an action on the target account", async () => {
  const server = arrivedServer();
  const target = reportTarget(server);
  const a = await postJson(
    server,
    "/api/v1/reports",
    { account_id: target.admin.id },
    "dev-reporter-token",
  );
  const b = await postJson(
    server,
    "/api/v1/reports",
    { account_id: target.admin.id },
    "dev-reporter-token",
  );
  const dismissed = await postJson(server, `/_dev/reports/${(a.body as Json).id}/resolve`, {
    action_taken: false,
  });
  // Mastodon sets action_taken on any resolution; a dismissal leaves the target untouched.
  assert.equal((dismissed.body as Json).action_taken, true);
  assert.equal((dismissed.body as Json).target_account.suspended, false);
  const acted = await postJson(server, `/_dev/reports/${(b.body as Json).id}/resolve`, {
    action_taken: true,
    action: "suspend",
  });
  assert.equal((acted.body as Json).action_taken, true);
  assert.equal((acted.body as Json).target_account.suspended, true);
  const resolved = (await getJson(server, "/api/v1/admin/reports?resolved=true")).body as Json[];
  assert.equal(resolved.length, 2);
  const statuses = await getJson(server, `/api/v1/accounts/${target.admin.id}/statuses`);
  assert.deepEqual(statuses.body, []);
});

Deno.test("public reads work without a token but a token lacking read scopes gets 403", async () => {
  const server = arrivedServer();
  const id = reportTarget(server).admin.id;
  const anonymous = await server.app.request(`/api/v1/accounts/${id}/statuses`);
  assert.equal(anonymous.status, 200);
  const reporter = await getJson(server, `/api/v1/accounts/${id}/statuses`, "dev-reporter-token");
  assert.equal(reporter.status, 403);
  assert.equal((await getJson(server, `/api/v1/accounts/${id}`, "bogus")).status, 401);
});

Deno.test("reports naming an unknown rule or category answer 422, numeric JSON ids are accepted", async () => {
  const server = arrivedServer();
  const target = reportTarget(server);
  const rule = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    rule_ids: ["99"],
  }, "dev-reporter-token");
  assert.equal(rule.status, 422);
  const category = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    category: "rude",
  }, "dev-reporter-token");
  assert.equal(category.status, 422);
  const numeric = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    rule_ids: [1, 3],
  }, "dev-reporter-token");
  assert.equal(numeric.status, 200);
  assert.deepEqual((numeric.body as Json).rule_ids, ["1", "3"]);
});
