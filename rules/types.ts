/**
 * The engine's input and output. The input schemas accept Mastodon's real JSON (unknown fields
 * are kept and ignored); parse at the boundary, then the engine works on typed values.
 */
import { z } from "zod";

const str = z.string().nullish().transform((s) => s ?? "");
const num = z.number().nullish().transform((n) => n ?? 0);

/** A profile field (name/value HTML). */
export const FieldSchema = z.looseObject({ name: str, value: str });

/** The parts of a Mastodon Account the detectors read. */
export const AccountSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: str,
  display_name: str,
  note: str,
  bot: z.boolean().nullish().transform((b) => b ?? false),
  created_at: z.string(),
  avatar: str,
  followers_count: num,
  following_count: num,
  statuses_count: num,
  fields: z.array(FieldSchema).nullish().transform((f) => f ?? []),
  roles: z.array(z.looseObject({ name: str })).nullish().transform((r) => r ?? []),
});
export type Account = z.infer<typeof AccountSchema>;

/** The parts of an Admin::Account the detectors read (exact creation time, role). */
export const AdminAccountSchema = z.looseObject({
  id: z.string(),
  created_at: z.string().nullish(),
  role: z.looseObject({ name: str }).nullish(),
  account: AccountSchema.optional(),
});
export type AdminAccount = z.infer<typeof AdminAccountSchema>;

/** A media attachment. */
export const MediaSchema = z.looseObject({
  id: z.string().nullish(),
  type: str,
  url: str,
  remote_url: str,
  description: str,
  blurhash: str,
});
export type Media = z.infer<typeof MediaSchema>;

const StatusShape = {
  id: z.string(),
  created_at: z.string(),
  visibility: str,
  content: str,
  spoiler_text: str,
  media_attachments: z.array(MediaSchema).nullish().transform((m) => m ?? []),
  mentions: z.array(z.looseObject({ id: z.string(), acct: str })).nullish()
    .transform((m) => m ?? []),
  tags: z.array(z.looseObject({ name: str })).nullish().transform((t) => t ?? []),
  poll: z.looseObject({ options: z.array(z.looseObject({ title: str })) }).nullish(),
  card: z.looseObject({ url: str }).nullish(),
};

/** A Mastodon Status; a reblog's inner status is kept but not scanned as the account's text. */
export const StatusSchema = z.looseObject({
  ...StatusShape,
  reblog: z.looseObject({ id: z.string() }).nullish(),
});
export type Status = z.infer<typeof StatusSchema>;

/** Distinct-account counts per campaign key within the caller's window. */
export const CountersSchema = z.object({
  texts: z.record(z.string(), z.number()).default({}),
  links: z.record(z.string(), z.number()).default({}),
  blurhashes: z.record(z.string(), z.number()).default({}),
});
export type Counters = z.infer<typeof CountersSchema>;

/** Everything one evaluation reads; `now` is an input so verdicts can be replayed. */
export const EngineInputSchema = z.object({
  account: AccountSchema,
  adminAccount: AdminAccountSchema.nullish(),
  status: StatusSchema.nullish(),
  recentStatuses: z.array(StatusSchema).default([]),
  counters: CountersSchema.default({ texts: {}, links: {}, blurhashes: {} }),
  now: z.union([z.number(), z.date()]),
});
export type EngineInput = z.input<typeof EngineInputSchema>;
/** The input after parsing. */
export type ParsedInput = z.infer<typeof EngineInputSchema>;

/** One piece of evidence: where a rule saw what. */
export interface Evidence {
  status_id?: string;
  field: string;
  text: string;
}

/** The rule as named in a hit. */
export interface HitRule {
  id?: string;
  name: string;
  version?: number;
  mode: "shadow" | "report";
  category: "spam" | "violation" | "legal" | "other";
  instance_rule_ids: string[];
}

/** A rule that matched, with its weight and evidence. */
export interface Hit {
  rule: HitRule;
  weight: number;
  evidence: Evidence[];
}

/** The verdict: `score` sums report-mode hits; `shadow_score` would be the score if shadow rules were live. */
export interface Verdict {
  score: number;
  shadow_score: number;
  hits: Hit[];
}
