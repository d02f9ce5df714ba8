import assert from "node:assert/strict";
import { profileFingerprint } from "../profile.ts";
import { account, NOW, run, status } from "../testing.ts";

const admin = (over: Record<string, unknown> = {}) => ({
  id: "1",
  created_at: new Date(NOW - 600_000).toISOString(),
  email: "bot4512@mailinator.com",
  ip: "198.51.100.23",
  invite_request: "I want to promote my SEO agency https://seo.example",
  ...over,
});

Deno.test("disposable_email flags a throwaway domain and shares no address or domain", () => {
  const v = run({ detector_type: "account", params: { check: "disposable_email" } }, {
    adminAccount: admin(),
  });
  const [e] = v.hits[0].evidence;
  assert.match(e.text, /mailinator\.com is on the throwaway list/);
  assert.equal(e.shared, "e-mail domain is on the throwaway list");
});

Deno.test("disposable_email leaves a domain in allow_domains and an ordinary provider alone", () => {
  const rule = {
    detector_type: "account",
    params: { check: "disposable_email", allow_domains: ["duck.com"] },
  };
  assert.equal(run(rule, { adminAccount: admin({ email: "me@duck.com" }) }).hits.length, 0);
  assert.equal(run(rule, { adminAccount: admin({ email: "me@gmail.com" }) }).hits.length, 0);
});

Deno.test("a regex rule reads the sign-up reason in invite_request and does not share its text", () => {
  const v = run({
    detector_type: "regex",
    pattern: "\\bpromote\\b",
    target_fields: ["invite_request"],
  }, {
    adminAccount: admin(),
  });
  const [e] = v.hits[0].evidence;
  assert.equal(e.field, "invite_request");
  assert.match(e.text, /promote my seo agency/);
  assert.equal(e.shared, "matched the sign-up reason (not quoted: private)");
});

Deno.test("a keyword rule reads the avatar description", () => {
  const v = run({
    detector_type: "keyword",
    pattern: "usdt",
    target_fields: ["avatar_description"],
  }, {
    account: account({ avatar_description: "Scan to claim 500 USDT" }),
  });
  assert.equal(v.hits[0].evidence[0].field, "avatar_description");
});

Deno.test("campaign check ip flags an account whose sign-up address K new accounts share", () => {
  const rule = { detector_type: "campaign", pattern: "3", params: { check: "ip" } };
  const counters = (n: number) => ({
    texts: {},
    links: {},
    blurhashes: {},
    ips: { "198.51.100.23": n },
  });
  const hit = run(rule, { adminAccount: admin(), counters: counters(3) });
  assert.match(hit.hits[0].evidence[0].text, /sign-up IP address shared by 3 new accounts/);
  assert.doesNotMatch(JSON.stringify(hit.hits[0].evidence), /198\.51/);
  assert.equal(run(rule, { adminAccount: admin(), counters: counters(2) }).hits.length, 0);
});

Deno.test("profile_changed says which parts differ from the profile the last analysis saw", () => {
  const before = account();
  const after = account({ note: "<p>Hot singles https://x.example</p>", display_name: "Jess" });
  const rule = { detector_type: "account", params: { check: "profile_changed" } };
  const v = run(rule, { account: after, previousProfile: profileFingerprint(before) });
  assert.equal(v.hits[0].evidence[0].text, "changed since the last analysis: display name, bio");
  assert.equal(run(rule, { account: after }).hits.length, 0, "no earlier analysis, no change");
});

Deno.test("bare_mentions flags a picture sent at someone with next to no text, not a sentence", () => {
  const rule = { detector_type: "behavior", pattern: "12", params: { check: "bare_mentions" } };
  const mention = [{ id: "9", acct: "kat@toot.example" }];
  const media = [{ id: "m", type: "image", url: "https://x.example/i.png", blurhash: "LKO2" }];
  const bare = status(
    '<p><span class="h-card"><a href="https://toot.example/@kat" class="u-url mention">@<span>kat</span></a></span> 見てね</p>',
    { mentions: mention, media_attachments: media },
  );
  assert.equal(run(rule, { status: bare }).hits.length, 1);
  const talk = status("<p>@kat here is the photo from our walk on Sunday</p>", {
    mentions: mention,
    media_attachments: media,
  });
  assert.equal(run(rule, { status: talk }).hits.length, 0);
});
