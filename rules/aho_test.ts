import assert from "node:assert/strict";
import { AhoCorasick } from "./aho.ts";

Deno.test("AhoCorasick finds every term, overlapping ones included, with word boundaries", () => {
  const ac = new AhoCorasick(["he", "she", "hers", "his"]);
  const hits = ac.search("ushers his").map((
    h,
  ) => [ac.size > 0 ? h.term : -1, h.start, h.wholeWord]);
  assert.deepEqual(hits, [[1, 1, false], [0, 2, false], [2, 2, false], [3, 7, true]]);
});

Deno.test("AhoCorasick with no terms finds nothing", () => {
  assert.deepEqual(new AhoCorasick([]).search("anything"), []);
});
