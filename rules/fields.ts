/** The rule fields moderators edit; shared by the store and the rule editor in the browser. */

/** The fields a moderator edits (the rule JSON), in a stable order. */
export const RULE_FIELDS = [
  "name",
  "description",
  "detector_type",
  "pattern",
  "target_fields",
  "boolean_operator",
  "secondary_pattern",
  "params",
  "weight",
  "enabled",
  "mode",
  "category",
  "instance_rule_ids",
] as const;
