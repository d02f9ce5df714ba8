/**
 * The engine's input and output. The input schemas accept Mastodon's real JSON (unknown fields
 * are kept and ignored); parse at the boundary, then the engine works on typed values.
 */
import { z } from "zod";
import { ProfileFingerprintSchema } from "./profile.ts";

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
  avatar_description: str,
  followers_count: num,
  following_count: num,
  statuses_count: num,
  fields: z.array(FieldSchema).nullish().transform((f) => f ?? []),
  roles: z.array(z.looseObject({ name: str })).nullish().transform((r) => r ?? []),
});
export type Account = z.infer<typeof AccountSchema>;

/**
 * The parts of an Admin::Account the detectors read: exact creation time, role, and what a
 * local sign-up left (e-mail, IP, sign-up reason). Those are private: evidence drawn from them
 * carries a `shared` text that names no address (see Evidence).
 */
export const AdminAccountSchema = z.looseObject({
  id: z.string(),
  domain: z.string().nullish(),
  created_at: z.string().nullish(),
  role: z.looseObject({ name: str }).nullish(),
  email: z.string().nullish(),
  ip: z.string().nullish(),
  ips: z.array(z.looseObject({ ip: z.string() })).nullish(),
  invite_request: z.string().nullish(),
  confirmed: z.boolean().nullish(),
  approved: z.boolean().nullish(),
  created_by_application_id: z.string().nullish(),
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

const counts = z.record(z.string(), z.number());

/**
 * Distinct-account counts per campaign key within the caller's window: statuses' texts, links
 * and images, and new accounts' sign-up address, /24 or /64 network and e-mail domain (keys
 * from `signupKeys()`; absent when the caller keeps no sign-up counters).
 */
export const CountersSchema = z.object({
  texts: counts.default({}),
  links: counts.default({}),
  blurhashes: counts.default({}),
  ips: counts.optional(),
  subnets: counts.optional(),
  email_domains: counts.optional(),
});
export type Counters = z.infer<typeof CountersSchema>;

/** Everything one evaluation reads; `now` is an input so verdicts can be replayed. */
export const EngineInputSchema = z.object({
  account: AccountSchema,
  adminAccount: AdminAccountSchema.nullish(),
  status: StatusSchema.nullish(),
  recentStatuses: z.array(StatusSchema).default([]),
  counters: CountersSchema.default({ texts: {}, links: {}, blurhashes: {} }),
  /** The profile the account's last analysis saw (`profileFingerprint()`), when there was one. */
  previousProfile: ProfileFingerprintSchema.nullish(),
  now: z.union([z.number(), z.date()]),
});
export type EngineInput = z.input<typeof EngineInputSchema>;
/** The input after parsing. */
export type ParsedInput = z.infer<typeof EngineInputSchema>;

/**
 * One piece of evidence: where a rule saw what. When `text` quotes private data (an e-mail
 * address, an IP, a sign-up reason), `shared` says the same without it: only `shared` may
 * leave MastoWatch, e.g. in a report comment that Mastodon can forward to other servers.
 */
export interface Evidence {
  status_id?: string;
  field: string;
  text: string;
  shared?: string;
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
