/**
 * The rule JSON moderators write (API, dry-run, import/export). Each detector validates its own
 * `params`; `pattern` is the list of terms, the regex, or the detector's main parameter.
 */
import { z } from "zod";

/**
 * Fields a keyword or regex rule can read: the first five per status, the rest per account.
 * `invite_request` is the reason a local sign-up gave (Admin::Account only; private).
 */
export const TEXT_FIELDS = [
  "content",
  "spoiler_text",
  "media_alt",
  "poll_options",
  "links",
  "display_name",
  "username",
  "note",
  "fields",
  "avatar_description",
  "invite_request",
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** Fields that hold private data, with how to name them: their text stays in MastoWatch. */
export const PRIVATE_FIELDS: ReadonlyMap<TextField, string> = new Map([
  ["invite_request", "the sign-up reason"],
]);

/** Where keyword and regex rules look when a rule names no fields. */
export const DEFAULT_TEXT_FIELDS: TextField[] = [
  "content",
  "spoiler_text",
  "media_alt",
  "poll_options",
];

/** The detector types, as stored in the rules table. */
export const DETECTOR_TYPES = [
  "keyword",
  "regex",
  "link",
  "media",
  "account",
  "behavior",
  "campaign",
] as const;
export type DetectorType = (typeof DETECTOR_TYPES)[number];

const count = z.int().min(1).max(10_000);

/** Each detector's params; `check` picks what a non-text detector measures. */
export const PARAMS = {
  keyword: z.object({ match: z.enum(["word", "substring"]).default("word") }),
  regex: z.object({ case_sensitive: z.boolean().default(false) }),
  link: z.object({
    check: z.enum(["domains", "shorteners", "mismatched_text", "punycode", "link_ratio"]),
    min_statuses: count.default(3),
  }),
  media: z.object({
    check: z.enum(["missing_alt", "type", "known_hash", "known_blurhash"]),
  }),
  account: z.object({
    check: z.enum([
      "max_age_hours",
      "max_followers",
      "max_statuses",
      "following_ratio",
      "default_avatar",
      "empty_bio",
      "bot",
      "random_username",
      "staff_impersonation",
      "disposable_email",
      "profile_changed",
    ]),
    min_following: z.int().min(0).default(20),
    staff_accts: z.array(z.string()).default([]),
    /** For disposable_email: domains never counted as throwaway (forwarding services). */
    allow_domains: z.array(z.string().min(1).max(253)).max(10_000).default([]),
  }),
  behavior: z.object({
    check: z.enum([
      "rate",
      "mentions_per_status",
      "distinct_mentions",
      "hashtags_per_status",
      "tagged_links",
      "duplicates",
      "bare_mentions",
    ]),
    window_minutes: z.number().positive().max(10_080).default(10),
    min_similarity: z.number().min(0.1).max(1).default(0.6),
    min_chars: z.int().min(1).default(20),
  }),
  campaign: z.object({
    check: z.enum(["text", "link", "blurhash", "ip", "subnet", "email_domain"]),
  }),
} as const;

/** Params of a rule: the detector's own plus an optional detector for the secondary pattern. */
export type Params<T extends DetectorType> = z.infer<(typeof PARAMS)[T]>;

const secondary = {
  secondary_detector: z.enum(DETECTOR_TYPES).optional(),
  secondary_params: z.record(z.string(), z.unknown()).optional(),
};

const common = {
  name: z.string().trim().min(1, "name must not be empty").max(200),
  description: z.string().max(4000).default(""),
  pattern: z.string().max(100_000).default(""),
  target_fields: z.array(z.enum(TEXT_FIELDS)).nullish(),
  boolean_operator: z.enum(["AND", "OR"]).nullish(),
  secondary_pattern: z.string().max(100_000).nullish(),
  weight: z.number().min(-100).max(100).default(1),
  enabled: z.boolean().default(true),
  mode: z.enum(["shadow", "report"]).default("shadow"),
  category: z.enum(["spam", "violation", "legal", "other"]).default("spam"),
  instance_rule_ids: z.array(z.string().min(1)).default([]),
};

/** Splits a list pattern: one term per line or comma-separated. */
export function terms(pattern: string): string[] {
  return pattern.split(/[\n,]/).map((t) => t.trim()).filter((t) => t !== "");
}

const NUMERIC_CHECKS = new Set([
  "max_age_hours",
  "max_followers",
  "max_statuses",
  "following_ratio",
  "rate",
  "mentions_per_status",
  "distinct_mentions",
  "hashtags_per_status",
  "tagged_links",
  "duplicates",
  "bare_mentions",
  "link_ratio",
  "missing_alt",
  "text",
  "link",
  "blurhash",
  "ip",
  "subnet",
  "email_domain",
]);
const LIST_CHECKS = new Set(["domains", "type", "known_hash", "known_blurhash"]);

/** What is wrong with a pattern for a detector, or undefined; regex safety is checked apart. */
export function patternProblem(
  type: DetectorType,
  pattern: string,
  params: unknown,
): string | undefined {
  const check = (params as { check?: string }).check ?? "";
  if (type === "keyword" && terms(pattern).length === 0) return "must list at least one term";
  if (type === "regex" && pattern.trim() === "") return "must be a regular expression";
  if (NUMERIC_CHECKS.has(check)) {
    const n = Number(pattern.trim());
    if (pattern.trim() === "" || !Number.isFinite(n) || n < 0) {
      return `must be a non-negative number for check "${check}"`;
    }
  }
  if (LIST_CHECKS.has(check) && terms(pattern).length === 0) {
    return `must list at least one entry for check "${check}"`;
  }
  return undefined;
}

/** A rule as moderators write it, before the regex safety check. */
export const RuleInputSchema = z.discriminatedUnion("detector_type", [
  z.object({
    ...common,
    detector_type: z.literal("keyword"),
    params: PARAMS.keyword.extend(secondary).prefault({}),
  }),
  z.object({
    ...common,
    detector_type: z.literal("regex"),
    params: PARAMS.regex.extend(secondary).prefault({}),
  }),
  z.object({ ...common, detector_type: z.literal("link"), params: PARAMS.link.extend(secondary) }),
  z.object({
    ...common,
    detector_type: z.literal("media"),
    params: PARAMS.media.extend(secondary),
  }),
  z.object({
    ...common,
    detector_type: z.literal("account"),
    params: PARAMS.account.extend(secondary),
  }),
  z.object({
    ...common,
    detector_type: z.literal("behavior"),
    params: PARAMS.behavior.extend(secondary),
  }),
  z.object({
    ...common,
    detector_type: z.literal("campaign"),
    params: PARAMS.campaign.extend(secondary),
  }),
]).superRefine((rule, ctx) => {
  const problem = patternProblem(rule.detector_type, rule.pattern, rule.params);
  if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: `pattern ${problem}` });
  const op = rule.boolean_operator ?? null;
  const second = rule.secondary_pattern ?? null;
  if ((op === null) !== (second === null)) {
    ctx.addIssue({
      code: "custom",
      path: [op === null ? "boolean_operator" : "secondary_pattern"],
      message: "boolean_operator and secondary_pattern go together: set both or neither",
    });
  }
  const sType: DetectorType = rule.params.secondary_detector ?? rule.detector_type;
  const sSchema: z.ZodType = PARAMS[sType];
  const sParams = rule.params.secondary_detector
    ? sSchema.safeParse(rule.params.secondary_params ?? {})
    : { success: true as const, data: rule.params };
  if (!sParams.success) {
    for (const i of sParams.error.issues) {
      ctx.addIssue({
        code: "custom",
        path: ["params", "secondary_params", ...i.path],
        message: i.message,
      });
    }
  } else if (second !== null) {
    const p2 = patternProblem(sType, second, sParams.data);
    if (p2) {
      ctx.addIssue({
        code: "custom",
        path: ["secondary_pattern"],
        message: `secondary_pattern ${p2}`,
      });
    }
  }
  if (rule.category === "violation" && rule.instance_rule_ids.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["instance_rule_ids"],
      message: "a violation rule must name the server rules it enforces (instance_rule_ids)",
    });
  }
  if (rule.target_fields && !["keyword", "regex"].includes(rule.detector_type)) {
    ctx.addIssue({
      code: "custom",
      path: ["target_fields"],
      message: "target_fields applies to keyword and regex rules only",
    });
  }
});

/** A validated rule. */
export type RuleInput = z.infer<typeof RuleInputSchema>;

/** A rule as stored: the input plus identity and version. */
export type StoredRule = RuleInput & { id?: string; version?: number };
