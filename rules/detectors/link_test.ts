import assert from "node:assert/strict";
import { hit, run, status } from "../testing.ts";
import { everyCheck, slowInputs } from "../testing_pathological.ts";

const link = (check: string, pattern = "", params: Record<string, unknown> = {}) => ({
  detector_type: "link",
  pattern,
  params: { check, ...params },
});
const a = (href: string, text = href) => `<p>see <a href="${href}">${text}</a></p>`;

Deno.test("link domains flags a listed domain and its subdomains", () => {
  const r = link("domains", "scam.example, bad.test");
  assert.ok(hit(run(r, { status: status(a("https://scam.example/x")) })));
  assert.ok(hit(run(r, { status: status(a("https://www.shop.scam.example/x")) })));
  assert.ok(!hit(run(r, { status: status(a("https://notscam.example/x")) })));
});

Deno.test("link domains also reads the preview card's link", () => {
  const r = link("domains", "scam.example");
  const s = status("<p>look</p>", { card: { url: "https://scam.example/p" } });
  assert.ok(hit(run(r, { status: s })));
});

Deno.test("link shorteners flags known shorteners and listed extras", () => {
  assert.ok(hit(run(link("shorteners"), { status: status(a("https://bit.ly/3xyz")) })));
  const extra = link("shorteners", "sho.rt");
  assert.ok(hit(run(extra, { status: status(a("https://sho.rt/a")) })));
  assert.ok(!hit(run(link("shorteners"), { status: status(a("https://example.org/a")) })));
});

Deno.test("link mismatched_text flags text naming another domain than the target", () => {
  const r = link("mismatched_text");
  assert.ok(hit(run(r, { status: status(a("https://evil.example/login", "paypal.com")) })));
  assert.ok(!hit(run(r, { status: status(a("https://www.paypal.com/x", "paypal.com")) })));
  assert.ok(!hit(run(r, { status: status(a("https://example.org/x", "my blog")) })));
});

Deno.test("link punycode flags mixed-script and look-alike-script domains", () => {
  const r = link("punycode");
  // "pаypal" with a Cyrillic а; URL parsing turns it into punycode.
  assert.ok(hit(run(r, { status: status(a("https://p\u0430ypal.com/")) })));
  assert.ok(hit(run(r, { status: status(a("https://\u0430\u0440\u0440\u04cf\u0435.com/")) })));
  assert.ok(!hit(run(r, { status: status(a("https://münchen.de/")) })));
  assert.ok(!hit(run(r, { status: status(a("https://example.org/")) })));
});

Deno.test("link link_ratio flags accounts whose statuses mostly carry links, unlisted included", () => {
  const r = link("link_ratio", "0.8", { min_statuses: 3 });
  const linked = [1, 2, 3].map(() => status(a("https://x.example/"), { visibility: "unlisted" }));
  assert.ok(hit(run(r, { recentStatuses: linked })));
  const mixed = [...linked.slice(0, 1), status("<p>hi</p>"), status("<p>yo</p>")];
  assert.ok(!hit(run(r, { recentStatuses: mixed })));
  assert.ok(!hit(run(r, { recentStatuses: linked.slice(0, 2) })), "too few statuses");
});

Deno.test("every link check finishes each pathological 100,000-character input in under 50 ms", () => {
  const rules = everyCheck("link", [
    ["domains", "scam.example, a.a.a.example, bad.test"],
    ["shorteners", "sho.rt"],
    ["mismatched_text", ""],
    ["punycode", ""],
    ["link_ratio", "0.5", { min_statuses: 1 }],
  ]);
  assert.deepEqual(slowInputs(rules), []);
});
