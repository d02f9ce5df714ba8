import assert from "node:assert/strict";
import { generatePopulation } from "./generate.ts";
import { compareIds, idTime } from "../random.ts";
import { loadExchanges, shapeDifferences } from "../../mastodon/testing/cassettes.ts";

Deno.test("generatePopulation() gives identical data for the same seed", () => {
  const a = JSON.stringify(generatePopulation(7));
  const b = JSON.stringify(generatePopulation(7));
  assert.equal(a, b);
});

Deno.test("generatePopulation() gives different data for different seeds", () => {
  const a = generatePopulation(1).accounts.map((x) => x.admin.username).join();
  const b = generatePopulation(2).accounts.map((x) => x.admin.username).join();
  assert.notEqual(a, b);
});

Deno.test("generatePopulation() includes ordinary accounts and at least two spam waves", () => {
  const counts = new Map<string, number>();
  for (const a of generatePopulation(42).accounts) {
    counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  }
  assert.ok((counts.get("ordinary") ?? 0) >= 200);
  assert.ok((counts.get("mention-spam") ?? 0) >= 40);
  assert.ok((counts.get("crypto-scam") ?? 0) >= 1);
});

Deno.test("the mention-spam wave shares one link and the same mentioned accounts", () => {
  const wave = generatePopulation(42).accounts.filter((a) => a.label === "mention-spam");
  const links = new Set<string>();
  const mentioned = new Set<string>();
  for (const a of wave) {
    assert.equal(a.admin.account.note, "");
    assert.match(a.admin.account.avatar, /missing\.png$/);
    for (const s of a.statuses) {
      for (const m of s.content.matchAll(/href="(https:\/\/followers[^"]+)"/g)) links.add(m[1]);
      for (const m of s.mentions) mentioned.add(m.id);
    }
  }
  assert.equal(links.size, 1);
  assert.ok(mentioned.size <= 3);
});

Deno.test("a crypto-scam account posts many public statuses within minutes", () => {
  const account = generatePopulation(42).accounts.find((a) => a.label === "crypto-scam")!;
  const times = account.statuses.map((s) => Date.parse(s.created_at));
  assert.ok(account.statuses.length >= 20);
  assert.ok(Math.max(...times) - Math.min(...times) <= 10 * 60_000);
  assert.ok(account.statuses.every((s) => s.visibility === "public"));
});

Deno.test("ids are snowflakes that increase with creation time", () => {
  const statuses = generatePopulation(42).accounts.flatMap((a) => a.statuses);
  statuses.sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < statuses.length; i++) {
    assert.ok(Date.parse(statuses[i].created_at) >= Date.parse(statuses[i - 1].created_at));
  }
  assert.equal(idTime(statuses[0].id), Date.parse(statuses[0].created_at));
});

Deno.test("ordinary statuses include replies, hashtags, links, images without alt text and other languages", () => {
  const statuses = generatePopulation(42).accounts.filter((a) => a.label === "ordinary")
    .flatMap((a) => a.statuses);
  assert.ok(statuses.some((s) => s.in_reply_to_id !== null && s.mentions.length === 1));
  assert.ok(
    statuses.some((s) => s.tags.length > 0 && s.content.includes('class="mention hashtag"')),
  );
  assert.ok(statuses.some((s) => s.content.includes('<span class="invisible">https://</span>')));
  assert.ok(
    statuses.some((s) =>
      s.media_attachments.some((m: { description: unknown }) => m.description === null)
    ),
  );
  assert.ok(statuses.some((s) => s.visibility === "unlisted"));
  for (const lang of ["de", "fr", "ja", "es"]) assert.ok(statuses.some((s) => s.language === lang));
});

Deno.test("accounts arriving later get larger ids, so polling with min_id finds them", () => {
  const arriving = generatePopulation(42).accounts.filter((a) => a.arrivesAtMs > 0)
    .sort((a, b) => a.arrivesAtMs - b.arrivesAtMs);
  for (let i = 1; i < arriving.length; i++) {
    assert.ok(compareIds(arriving[i].admin.id, arriving[i - 1].admin.id) > 0);
  }
  const present = generatePopulation(42).accounts.filter((a) => a.arrivesAtMs === 0);
  const newestPresent = present.map((a) => a.admin.id).sort(compareIds).at(-1)!;
  assert.ok(compareIds(arriving[0].admin.id, newestPresent) > 0);
});

Deno.test("every population account and status has the shape of the recorded Mastodon entities", async () => {
  const exchanges = await loadExchanges();
  const recordedStatus =
    exchanges.find((ex) =>
      ex.method === "GET" && ex.url.pathname.startsWith("/api/v1/statuses/") && ex.status === 200 &&
      (ex.body as { card: unknown }).card !== null
    )!.body;
  const recordedAdmin =
    exchanges.find((ex) =>
      ex.method === "GET" && ex.url.pathname.startsWith("/api/v1/admin/accounts/")
    )!.body;
  const diffs = new Set<string>();
  for (const account of generatePopulation(42).accounts) {
    for (const d of shapeDifferences(recordedAdmin, account.admin)) diffs.add(d);
    for (const s of account.statuses) {
      for (const d of shapeDifferences(recordedStatus, s)) diffs.add(d);
    }
  }
  assert.deepEqual([...diffs], []);
});

Deno.test("hard cases are opt-in and add a link-sharing crowd and compromised accounts", () => {
  const plain = generatePopulation(42);
  const hard = generatePopulation(42, { hardCases: true });
  assert.ok(!plain.accounts.some((a) => a.label === "compromised"));
  const compromised = hard.accounts.filter((a) => a.label === "compromised");
  assert.equal(compromised.length, 3);
  for (const a of compromised) {
    assert.ok(a.statuses.some((s) => Date.parse(s.created_at) < hard.baseTime));
    assert.ok(a.statuses.some((s) => s.content.includes("omg is this you")));
  }
  const crowd = hard.accounts.filter((a) =>
    a.label === "ordinary" && a.statuses.some((s) => s.content.includes("video.fosdem.org"))
  );
  assert.equal(crowd.length, 8);
  // The default population's wave accounts are unchanged by the option.
  const names = (p: typeof plain, label: string) =>
    p.accounts.filter((a) => a.label === label).map((a) => a.admin.username).join();
  assert.equal(names(hard, "mention-spam"), names(plain, "mention-spam"));
});
