import assert from "node:assert/strict";
import { randomness } from "./account.ts";
import { account, hit, NOW, run } from "../testing.ts";
import { everyCheck, slowInputs } from "../testing_pathological.ts";

const acc = (check: string, pattern = "", params: Record<string, unknown> = {}) => ({
  detector_type: "account",
  pattern,
  params: { check, ...params },
});

Deno.test("account max_age_hours uses the admin account's exact creation time", () => {
  const r = acc("max_age_hours", "24");
  const created = new Date(NOW - 2 * 3_600_000).toISOString();
  // The public Account rounds created_at to midnight; Admin::Account has the exact time.
  const day = account({ created_at: "2026-10-30T00:00:00.000Z" });
  assert.ok(!hit(run(r, { account: day })));
  assert.ok(hit(run(r, { account: day, adminAccount: { id: "1", created_at: created } })));
});

Deno.test("account counts and following ratio flag thresholds and pass ordinary accounts", () => {
  assert.ok(hit(run(acc("max_followers", "0"), { account: account({ followers_count: 0 }) })));
  assert.ok(!hit(run(acc("max_followers", "0"), {})));
  assert.ok(hit(run(acc("max_statuses", "1"), { account: account({ statuses_count: 1 }) })));
  const greedy = account({ following_count: 400, followers_count: 3 });
  assert.ok(hit(run(acc("following_ratio", "20"), { account: greedy })));
  assert.ok(!hit(run(acc("following_ratio", "20"), {})));
});

Deno.test("account default_avatar, empty_bio and bot read the profile", () => {
  const bare = account({
    avatar: "https://x/avatars/original/missing.png",
    note: "<p></p>",
    bot: true,
  });
  for (const check of ["default_avatar", "empty_bio", "bot"]) {
    assert.ok(hit(run(acc(check), { account: bare })), check);
    assert.ok(!hit(run(acc(check), {})), check);
  }
});

Deno.test("randomness() scores generated usernames high and real handles low", () => {
  for (const u of ["xkq7vz9p2mwt", "a8f3c9e1b7d2", "qwrtzxcvbnm"]) {
    assert.ok(randomness(u) >= 0.6, u);
  }
  for (const u of ["anna_schmidt", "bob1987", "margaretthatcher", "jean_pierre_dupont"]) {
    assert.ok(randomness(u) < 0.6, u);
  }
});

Deno.test("account random_username flags a generated username", () => {
  assert.ok(
    hit(run(acc("random_username", "0.6"), { account: account({ username: "xkq7vz9p2mwt" }) })),
  );
  assert.ok(!hit(run(acc("random_username", "0.6"), {})));
});

Deno.test("account staff_impersonation flags staff names unless the account is staff", () => {
  const r = acc("staff_impersonation", "", { staff_accts: ["admin"] });
  const fake = account({ username: "helpdesk7", display_name: "Ⓜoderator Team" });
  assert.ok(hit(run(r, { account: fake })));
  assert.ok(hit(run(r, { account: account({ display_name: "Server Admin" }) })));
  assert.ok(
    !hit(run(r, { account: account({ username: "admin", acct: "admin", display_name: "Admin" }) })),
  );
  const staff = { id: "1", role: { name: "Moderator" } };
  assert.ok(!hit(run(r, { account: fake, adminAccount: staff })));
  assert.ok(!hit(run(r, { account: account({ display_name: "Badminton fan" }) })));
});

Deno.test("every account check finishes each pathological 100,000-character input in under 50 ms", () => {
  const rules = everyCheck("account", [
    ["max_age_hours", "24"],
    ["max_followers", "10"],
    ["max_statuses", "10"],
    ["following_ratio", "20"],
    ["default_avatar", ""],
    ["empty_bio", ""],
    ["bot", ""],
    ["random_username", "0.6"],
    ["staff_impersonation", ""],
  ]);
  assert.deepEqual(slowInputs(rules), []);
});
