import assert from "node:assert/strict";
import { draftOf, emptyDraft, fieldOf, ruleOf } from "./draft.ts";

Deno.test("a stored rule survives the editor's draft and back unchanged", () => {
  const rule = {
    name: "links",
    description: "shorteners",
    detector_type: "link",
    pattern: "bit.ly",
    target_fields: null,
    boolean_operator: "AND",
    secondary_pattern: "crypto",
    params: { check: "domains", min_statuses: 3 },
    weight: 1.5,
    enabled: true,
    mode: "report",
    category: "spam",
    instance_rule_ids: ["2"],
  };
  assert.deepEqual(ruleOf(draftOf(rule)).rule, rule);
});

Deno.test("a new rule starts disabled in shadow mode", () => {
  const { rule } = ruleOf({ ...emptyDraft(), name: "x", pattern: "y" });
  assert.equal(rule?.enabled, false);
  assert.equal(rule?.mode, "shadow");
});

Deno.test("more parameters that are not a JSON object are refused before asking the API", () => {
  const r = ruleOf({ ...emptyDraft(), more_params: "[1]" });
  assert.equal(r.rule, undefined);
  assert.equal(r.issues[0].field, "more_params");
});

Deno.test("an API field path is shown under its control", () => {
  assert.equal(fieldOf("pattern"), "pattern");
  assert.equal(fieldOf("rules.0.pattern"), "pattern", "a dry-run's rule prefix is dropped");
  assert.equal(fieldOf("params.check"), "check");
  assert.equal(fieldOf("params.secondary_params.check"), "more_params");
  assert.equal(fieldOf("(body)"), "form");
});
