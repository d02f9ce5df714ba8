/**
 * Zod schemas of the Mastodon entities MastoWatch reads. They keep unknown fields (Mastodon adds
 * some in most releases) and accept the absence of fields that older versions or remote accounts
 * lack; only what the project relies on is required. Ids stay opaque strings.
 */
import { z } from "zod";

const id = z.string();
const nullableString = z.string().nullable().optional();

/** A custom emoji used in names and content. */
export const customEmojiSchema = z.looseObject({
  shortcode: z.string(),
  url: z.string(),
  static_url: z.string().optional(),
  visible_in_picker: z.boolean().optional(),
});

/** A profile metadata field. */
export const fieldSchema = z.looseObject({
  name: z.string(),
  value: z.string(),
  verified_at: nullableString,
});

/** A role with its permission bitmask, a decimal string that can exceed 2^53. */
export const roleSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  permissions: z.union([z.string(), z.number()]).transform(String),
  color: z.string().optional(),
  highlighted: z.boolean().optional(),
});
export type Role = z.infer<typeof roleSchema>;

const accountShape = {
  id,
  username: z.string(),
  acct: z.string(),
  display_name: z.string(),
  locked: z.boolean(),
  bot: z.boolean(),
  group: z.boolean().optional(),
  discoverable: z.boolean().nullable().optional(),
  indexable: z.boolean().nullable().optional(),
  noindex: z.boolean().nullable().optional(),
  created_at: z.string(),
  note: z.string(),
  url: nullableString,
  uri: z.string().optional(),
  avatar: z.string(),
  avatar_static: z.string().optional(),
  header: z.string(),
  header_static: z.string().optional(),
  followers_count: z.number(),
  following_count: z.number(),
  statuses_count: z.number(),
  last_status_at: nullableString,
  emojis: z.array(customEmojiSchema).default([]),
  fields: z.array(fieldSchema).default([]),
  suspended: z.boolean().optional(),
  limited: z.boolean().optional(),
  memorial: z.boolean().nullable().optional(),
  /** The account this one moved to, shallow: Mastodon never nests further. */
  moved: z.looseObject({ id, acct: z.string() }).nullable().optional(),
  roles: z.array(z.looseObject({ id: z.string(), name: z.string() })).optional(),
};

/** A public account. */
export const accountSchema = z.looseObject(accountShape);
export type Account = z.infer<typeof accountSchema>;

/** The account behind an access token, with the role that says what the token's user may do. */
export const credentialAccountSchema = z.looseObject({
  ...accountShape,
  source: z.looseObject({}).optional(),
  role: roleSchema.optional(),
});
export type CredentialAccount = z.infer<typeof credentialAccountSchema>;

/** An account as moderators see it (`/api/v1/admin/accounts`, account.* webhooks). */
export const adminAccountSchema = z.looseObject({
  id,
  username: z.string(),
  domain: nullableString,
  created_at: z.string(),
  email: nullableString,
  ip: nullableString,
  ips: z.array(z.looseObject({ ip: z.string(), used_at: z.string() })).optional(),
  locale: nullableString,
  invite_request: nullableString,
  role: roleSchema.nullable().optional(),
  // Mastodon delegates these to the local user, so a remote account has null here.
  confirmed: z.boolean().nullable().optional(),
  approved: z.boolean().nullable().optional(),
  disabled: z.boolean().nullable().optional(),
  silenced: z.boolean(),
  suspended: z.boolean(),
  sensitized: z.boolean().optional(),
  created_by_application_id: nullableString,
  invited_by_account_id: nullableString,
  account: accountSchema,
});
export type AdminAccount = z.infer<typeof adminAccountSchema>;

/** A file attached to a status. */
export const mediaAttachmentSchema = z.looseObject({
  id,
  type: z.string(),
  url: nullableString,
  preview_url: nullableString,
  remote_url: nullableString,
  description: nullableString,
  blurhash: nullableString,
  meta: z.looseObject({}).nullable().optional(),
});
export type MediaAttachment = z.infer<typeof mediaAttachmentSchema>;

/** An account mentioned in a status. */
export const mentionSchema = z.looseObject({
  id,
  username: z.string(),
  url: z.string(),
  acct: z.string(),
});
export type Mention = z.infer<typeof mentionSchema>;

/** A hashtag used in a status. */
export const tagSchema = z.looseObject({ name: z.string(), url: z.string() });
export type Tag = z.infer<typeof tagSchema>;

/** A poll attached to a status. */
export const pollSchema = z.looseObject({
  id,
  expires_at: nullableString,
  expired: z.boolean(),
  multiple: z.boolean(),
  votes_count: z.number(),
  voters_count: z.number().nullable().optional(),
  options: z.array(z.looseObject({ title: z.string(), votes_count: z.number().nullable() })),
  emojis: z.array(customEmojiSchema).default([]),
});
export type Poll = z.infer<typeof pollSchema>;

/** The preview card of a link in a status. */
export const cardSchema = z.looseObject({
  url: z.string(),
  title: z.string(),
  description: z.string(),
  type: z.string(),
  provider_name: z.string().optional(),
  provider_url: z.string().optional(),
  image: nullableString,
});
export type Card = z.infer<typeof cardSchema>;

const statusShape = {
  id,
  uri: z.string(),
  url: nullableString,
  created_at: z.string(),
  edited_at: nullableString,
  account: accountSchema,
  content: z.string(),
  /** Present on a status just deleted or fetched with its source. */
  text: nullableString,
  visibility: z.string(),
  sensitive: z.boolean(),
  spoiler_text: z.string(),
  language: nullableString,
  in_reply_to_id: nullableString,
  in_reply_to_account_id: nullableString,
  media_attachments: z.array(mediaAttachmentSchema).default([]),
  mentions: z.array(mentionSchema).default([]),
  tags: z.array(tagSchema).default([]),
  emojis: z.array(customEmojiSchema).default([]),
  replies_count: z.number().optional(),
  reblogs_count: z.number().optional(),
  favourites_count: z.number().optional(),
  poll: pollSchema.nullable().optional(),
  card: cardSchema.nullable().optional(),
  application: z.looseObject({ name: z.string() }).nullable().optional(),
};

/** A status; a boost carries the boosted status in `reblog` (never nested deeper). */
export const statusSchema = z.looseObject({
  ...statusShape,
  reblog: z.looseObject(statusShape).nullable().optional(),
});
export type Status = z.infer<typeof statusSchema>;

/** One of the server's rules, cited by id in reports. */
export const ruleSchema = z.looseObject({ id, text: z.string(), hint: z.string().optional() });
export type Rule = z.infer<typeof ruleSchema>;

/** A report as its filer sees it (the answer to `POST /api/v1/reports`). */
export const reportSchema = z.looseObject({
  id,
  action_taken: z.boolean(),
  action_taken_at: nullableString,
  category: z.string(),
  comment: z.string(),
  forwarded: z.boolean(),
  created_at: z.string(),
  status_ids: z.array(id).nullable().optional(),
  rule_ids: z.array(id).nullable().optional(),
  target_account: accountSchema,
});
export type Report = z.infer<typeof reportSchema>;

/** A report as moderators see it (`/api/v1/admin/reports`, report.* webhooks). */
export const adminReportSchema = z.looseObject({
  id,
  action_taken: z.boolean(),
  action_taken_at: nullableString,
  category: z.string(),
  comment: z.string(),
  forwarded: z.boolean(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  account: adminAccountSchema,
  target_account: adminAccountSchema,
  assigned_account: adminAccountSchema.nullable().optional(),
  action_taken_by_account: adminAccountSchema.nullable().optional(),
  statuses: z.array(statusSchema).default([]),
  rules: z.array(ruleSchema).default([]),
});
export type AdminReport = z.infer<typeof adminReportSchema>;

/** The server description of `/api/v2/instance`. */
export const instanceSchema = z.looseObject({
  domain: z.string(),
  title: z.string(),
  version: z.string(),
  source_url: z.string().optional(),
  description: z.string().optional(),
  languages: z.array(z.string()).optional(),
  configuration: z.looseObject({}).optional(),
  registrations: z.looseObject({
    enabled: z.boolean(),
    approval_required: z.boolean(),
  }).optional(),
  contact: z.looseObject({ email: z.string().optional() }).optional(),
  api_versions: z.record(z.string(), z.number()).optional(),
  rules: z.array(ruleSchema).default([]),
});
export type Instance = z.infer<typeof instanceSchema>;
