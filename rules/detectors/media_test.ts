import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { hit, run, status } from "../testing.ts";
import { everyCheck, slowInputs } from "../testing_pathological.ts";

const media = (over: Record<string, unknown> = {}) => ({
  id: "m1",
  type: "image",
  url: "https://files.example/a.png",
  remote_url: null,
  description: "A cat",
  blurhash: "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
  ...over,
});
const m = (check: string, pattern = "") => ({ detector_type: "media", pattern, params: { check } });
const withMedia = (...items: unknown[]) => ({
  status: status("<p>x</p>", { media_attachments: items }),
});

Deno.test("media missing_alt flags attachments without a description", () => {
  assert.ok(hit(run(m("missing_alt", "1"), withMedia(media({ description: null })))));
  assert.ok(!hit(run(m("missing_alt", "1"), withMedia(media()))));
  assert.ok(!hit(run(m("missing_alt", "2"), withMedia(media({ description: "" })))));
});

Deno.test("media type matches Mastodon types and MIME types from the extension", () => {
  assert.ok(
    hit(run(m("type", "video"), withMedia(media({ type: "video", url: "https://f/x.mp4" })))),
  );
  assert.ok(hit(run(m("type", "image/png"), withMedia(media()))));
  assert.ok(hit(run(m("type", "image/*"), withMedia(media()))));
  assert.ok(!hit(run(m("type", "image/gif, video"), withMedia(media()))));
});

Deno.test("media known_hash flags a file by the SHA-256 of its URL", () => {
  const h = createHash("sha256").update("https://files.example/a.png").digest("hex");
  assert.ok(hit(run(m("known_hash", h), withMedia(media()))));
  assert.ok(!hit(run(m("known_hash", "0".repeat(64)), withMedia(media()))));
});

Deno.test("media known_blurhash flags an image by blurhash equality, commas included", () => {
  const bh = "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH";
  assert.ok(hit(run(m("known_blurhash", bh), withMedia(media()))));
  assert.ok(!hit(run(m("known_blurhash", "LEHV6nWB2yk8pyo0adR*.7kCMdnj"), withMedia(media()))));
});

Deno.test("every media check finishes each pathological 100,000-character input in under 50 ms", () => {
  const rules = everyCheck("media", [
    ["missing_alt", "1"],
    ["type", "image/*, video, audio/mpeg"],
    ["known_hash", `${"0".repeat(64)}, https://files.example/a.png`],
    ["known_blurhash", "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"],
  ]);
  assert.deepEqual(slowInputs(rules), []);
});
