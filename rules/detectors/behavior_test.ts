import assert from "node:assert/strict";
import { campaignKeys } from "../fingerprint.ts";
import { hit, run, status } from "../testing.ts";
import { everyCheck, slowInputs } from "../testing_pathological.ts";

const beh = (check: string, pattern: string, params: Record<string, unknown> = {}) => ({
  detector_type: "behavior",
  pattern,
  params: { check, ...params },
});
const at = (minute: number, visibility = "public") =>
  status("<p>hello</p>", {
    created_at: new Date(Date.UTC(2026, 10, 1, 11, minute)).toISOString(),
    visibility,
  });

Deno.test("behavior rate flags more than N public statuses within the window", () => {
  const r = beh("rate", "3", { window_minutes: 5 });
  assert.ok(hit(run(r, { recentStatuses: [0, 1, 2, 3].map((m) => at(m)) })));
  assert.ok(!hit(run(r, { recentStatuses: [0, 1, 2].map((m) => at(m)) })));
  assert.ok(!hit(run(r, { recentStatuses: [0, 2, 4, 6, 8, 10].map((m) => at(m)) })));
});

Deno.test("behavior rate does not count unlisted statuses", () => {
  const r = beh("rate", "3", { window_minutes: 5 });
  const s = [at(0), at(1), at(2, "unlisted"), at(3, "unlisted")];
  assert.ok(!hit(run(r, { recentStatuses: s })));
});

Deno.test("behavior mentions and hashtags flag crowded statuses", () => {
  const mentions = [1, 2, 3, 4, 5].map((i) => ({ id: String(i), acct: `u${i}` }));
  const tags = [1, 2, 3, 4, 5, 6].map((i) => ({ name: `t${i}` }));
  const s = status("<p>x</p>", { mentions, tags });
  assert.ok(hit(run(beh("mentions_per_status", "5"), { status: s })));
  assert.ok(!hit(run(beh("mentions_per_status", "6"), { status: s })));
  assert.ok(hit(run(beh("hashtags_per_status", "6"), { status: s })));
  assert.ok(!hit(run(beh("hashtags_per_status", "6"), { status: status("<p>x</p>") })));
});

Deno.test("behavior distinct_mentions counts accounts mentioned across statuses", () => {
  const s = [1, 2, 3, 4].map((i) =>
    status("<p>hi</p>", { mentions: [{ id: String(i), acct: "x" }] })
  );
  assert.ok(hit(run(beh("distinct_mentions", "4"), { recentStatuses: s })));
  assert.ok(!hit(run(beh("distinct_mentions", "5"), { recentStatuses: s })));
});

Deno.test("behavior duplicates flags near-identical statuses that differ in mentions and a word", () => {
  const text = (who: string, w: string) =>
    `<p><a href="https://x/@${who}" class="u-url mention">@${who}</a> Claim your free tokens now at our ${w} giveaway, only today for early supporters</p>`;
  const s = ["ann", "bob", "cy"].map((w, i) => status(text(w, i === 2 ? "big" : "great")));
  assert.ok(hit(run(beh("duplicates", "3", { min_similarity: 0.6 }), { recentStatuses: s })));
  const varied = [
    "<p>Went for a long walk by the river this morning, lovely light</p>",
    "<p>Does anyone have a good recipe for sourdough with rye flour?</p>",
    "<p>Our council finally fixed the cycle lane on the high street</p>",
  ].map((t) => status(t));
  assert.ok(!hit(run(beh("duplicates", "3", { min_similarity: 0.6 }), { recentStatuses: varied })));
});

Deno.test("campaign flags a text, link or image seen from K accounts per the counters", () => {
  const s = status(
    '<p>Join the airdrop now at <a href="https://drop.example/x?ref=1">drop</a></p>',
    {
      media_attachments: [{
        id: "m",
        type: "image",
        url: "u",
        blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH",
      }],
    },
  );
  const keys = campaignKeys(s);
  assert.ok(keys.text);
  assert.deepEqual(keys.links, ["drop.example/x"]);
  const counters = {
    texts: { [keys.text!]: 6 },
    links: { "drop.example/x": 2 },
    blurhashes: { [keys.blurhashes[0]]: 9 },
  };
  const camp = (check: string, k: string) => ({
    detector_type: "campaign",
    pattern: k,
    params: { check },
  });
  assert.ok(hit(run(camp("text", "5"), { status: s, counters })));
  assert.ok(!hit(run(camp("link", "5"), { status: s, counters })));
  assert.ok(hit(run(camp("blurhash", "5"), { status: s, counters })));
});

Deno.test("campaignKeys() gives the same text key whoever is mentioned and whatever the evasion", () => {
  const a = campaignKeys(
    status(
      '<p><a class="u-url mention" href="https://x/@a">@a</a> Free crypto giveaway for everyone</p>',
    ),
  );
  const b = campaignKeys(
    status(
      '<p><a class="u-url mention" href="https://x/@b">@b</a> Free cr\u200Bypto giveaway for everyone</p>',
    ),
  );
  assert.equal(a.text, b.text);
  assert.equal(campaignKeys(status("<p>gm</p>")).text, undefined);
});

Deno.test("every behaviour and campaign check finishes each pathological 100,000-character input in under 50 ms", () => {
  const rules = [
    ...everyCheck("behavior", [
      ["rate", "3", { window_minutes: 5 }],
      ["mentions_per_status", "5"],
      ["distinct_mentions", "5"],
      ["hashtags_per_status", "6"],
      ["tagged_links", "3"],
      ["duplicates", "3", { min_similarity: 0.6 }],
    ]),
    ...everyCheck("campaign", [["text", "2"], ["link", "2"], ["blurhash", "2"]]),
  ];
  assert.deepEqual(slowInputs(rules), []);
});

Deno.test("behavior tagged_links counts hashtags only on statuses that carry a web link", () => {
  const tags = [1, 2, 3].map((i) => ({ name: `t${i}` }));
  const linked = status('<p>deal <a href="https://deal.example/x">deal.example/x</a></p>', {
    tags,
  });
  const bare = status("<p>hello #t1 #t2 #t3</p>", { tags });
  assert.ok(hit(run(beh("tagged_links", "3"), { status: linked })));
  assert.ok(!hit(run(beh("tagged_links", "4"), { status: linked })));
  assert.ok(!hit(run(beh("tagged_links", "3"), { status: bare })));
});
