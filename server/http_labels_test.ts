import assert from "node:assert/strict";
import { methodLabel, statusLabel } from "./http_labels.ts";

Deno.test("methodLabel() keeps the standard methods and folds the rest into other", () => {
  for (const m of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
    assert.equal(methodLabel(m), m);
  }
  for (const m of ["FOO", "get", "PROPFIND", "X".repeat(500)]) {
    assert.equal(methodLabel(m), "other");
  }
});

Deno.test("statusLabel() keeps the codes the service answers and classes the rest", () => {
  assert.equal(statusLabel(200), "200");
  assert.equal(statusLabel(404), "404");
  assert.equal(statusLabel(503), "503");
  assert.equal(statusLabel(418), "4xx");
  assert.equal(statusLabel(299), "2xx");
  assert.equal(statusLabel(101), "1xx");
  assert.equal(statusLabel(600), "other");
  assert.equal(statusLabel(0), "other");
});
