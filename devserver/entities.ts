/**
 * Builders for Mastodon 4.6.4 JSON entities. Field names and JSON types follow the recorded
 * exchanges in ../shared/fixtures/mastodon-4.6.4 (checked by contract_test.ts).
 */

// deno-lint-ignore no-explicit-any
export type Json = any;

/** A role as Mastodon's REST::RoleSerializer shows it; permissions is a decimal bitmask string. */
export interface RoleModel {
  id: string;
  name: string;
  permissions: string;
  color: string;
  highlighted: boolean;
}

/** Mastodon's permission bits (UserRole::FLAGS) that matter to a moderation sidecar. */
export const PERMISSION = {
  administrator: 1 << 0,
  viewAuditLog: 1 << 2,
  viewDashboard: 1 << 3,
  manageReports: 1 << 4,
  manageTaxonomies: 1 << 8,
  manageUsers: 1 << 10,
  inviteUsers: 1 << 16,
} as const;

/** The built-in roles, with the ids a fresh Mastodon gives them. */
export const ROLES: Record<"everyone" | "moderator" | "admin" | "owner", RoleModel> = {
  everyone: { id: "-99", name: "", permissions: "65536", color: "", highlighted: false },
  moderator: {
    id: "1",
    name: "Moderator",
    permissions: String(
      PERMISSION.viewAuditLog | PERMISSION.viewDashboard | PERMISSION.manageReports |
        PERMISSION.manageTaxonomies | PERMISSION.manageUsers,
    ),
    color: "",
    highlighted: true,
  },
  admin: { id: "2", name: "Admin", permissions: "8388606", color: "", highlighted: true },
  owner: { id: "3", name: "Owner", permissions: "8388607", color: "", highlighted: true },
};

/** Everything needed to render an account in its public, credential and admin forms. */
export interface AccountModel {
  id: string;
  username: string;
  /** null for local accounts, like Mastodon. */
  domain: string | null;
  displayName: string;
  /** Bio as HTML. */
  note: string;
  /** Absolute avatar URL, or null for Mastodon's default (missing.png). */
  avatar: string | null;
  header: string | null;
  createdAt: number;
  followers: number;
  following: number;
  statusesCount: number;
  lastStatusAt: number | null;
  bot: boolean;
  locked: boolean;
  discoverable: boolean | null;
  fields: { name: string; value: string }[];
  email: string | null;
  locale: string | null;
  ip: string | null;
  role: RoleModel;
  inviteRequest: string | null;
}

/** ISO 8601 with milliseconds, as Mastodon renders timestamps. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function midnight(ms: number): string {
  return iso(Math.floor(ms / 86_400_000) * 86_400_000);
}

/** The account's profile URL (`url`). */
export function profileUrl(a: AccountModel, base: string): string {
  return a.domain ? `https://${a.domain}/@${a.username}` : `${base}/@${a.username}`;
}

/** The account's `acct`: username for local accounts, username@domain for remote ones. */
export function acct(a: AccountModel): string {
  return a.domain ? `${a.username}@${a.domain}` : a.username;
}

function roleBadge(role: RoleModel): Json[] {
  return role.highlighted ? [{ id: role.id, name: role.name, color: role.color }] : [];
}

/** Mastodon's Account entity (REST::AccountSerializer). */
export function accountJson(a: AccountModel, base: string): Json {
  const missingAvatar = `${base}/avatars/original/missing.png`;
  const missingHeader = `${base}/headers/original/missing.png`;
  const approval = a.locked ? [] : ["public"];
  return {
    id: a.id,
    username: a.username,
    acct: acct(a),
    display_name: a.displayName,
    locked: a.locked,
    bot: a.bot,
    discoverable: a.discoverable,
    indexable: a.discoverable === true,
    group: false,
    // Mastodon rounds the public creation time down to the day.
    created_at: midnight(a.createdAt),
    note: a.note,
    url: profileUrl(a, base),
    uri: a.domain ? `https://${a.domain}/users/${a.username}` : `${base}/ap/users/${a.id}`,
    avatar: a.avatar ?? missingAvatar,
    avatar_static: a.avatar ?? missingAvatar,
    avatar_description: "",
    header: a.header ?? missingHeader,
    header_static: a.header ?? missingHeader,
    header_description: "",
    followers_count: a.followers,
    following_count: a.following,
    statuses_count: a.statusesCount,
    last_status_at: a.lastStatusAt === null ? null : midnight(a.lastStatusAt).slice(0, 10),
    hide_collections: null,
    show_media: true,
    show_media_replies: true,
    show_featured: true,
    noindex: false,
    feature_approval: {
      automatic: approval,
      manual: [],
      current_user: approval.length ? "automatic" : "denied",
    },
    emojis: [],
    roles: a.domain ? [] : roleBadge(a.role),
    fields: a.fields.map((f) => ({ name: f.name, value: f.value, verified_at: null })),
  };
}

/** Mastodon's CredentialAccount: the Account plus `source` and the user's `role`. */
export function credentialAccountJson(a: AccountModel, base: string): Json {
  return {
    ...accountJson(a, base),
    source: {
      privacy: "public",
      sensitive: false,
      language: a.locale,
      note: a.note.replace(/<[^>]+>/g, ""),
      fields: a.fields.map((f) => ({ name: f.name, value: f.value, verified_at: null })),
      follow_requests_count: 0,
      hide_collections: null,
      discoverable: a.discoverable,
      indexable: a.discoverable === true,
      attribution_domains: [],
      quote_policy: "public",
    },
    role: roleJson(a.role),
  };
}

/** Mastodon's Role entity as embedded in CredentialAccount and Admin::Account. */
export function roleJson(role: RoleModel): Json {
  return { ...role, collection_limit: 10 };
}

/**
 * Mastodon's Admin::Account. Remote accounts have no user, so Mastodon's user-delegated fields
 * (email, ip, locale, confirmed, approved, disabled, role) are null for them.
 */
export function adminAccountJson(a: AccountModel, base: string, flags: AdminFlags): Json {
  const local = a.domain === null;
  const out: Json = {
    id: a.id,
    username: a.username,
    domain: a.domain,
    created_at: iso(a.createdAt),
    email: local ? a.email : null,
    ip: local ? a.ip : null,
    confirmed: local ? true : null,
    suspended: flags.suspended,
    silenced: flags.silenced,
    sensitized: flags.sensitized,
    disabled: local ? flags.disabled : null,
    approved: local ? true : null,
    locale: local ? a.locale : null,
    invite_request: a.inviteRequest,
    ips: local && a.ip ? [{ ip: a.ip, used_at: iso(a.createdAt) }] : [],
    account: accountJson(a, base),
  };
  out.role = local ? roleJson(a.role) : null;
  return out;
}

/** Moderation state of an account, changed when a moderator acts on a report. */
export interface AdminFlags {
  suspended: boolean;
  silenced: boolean;
  sensitized: boolean;
  disabled: boolean;
}

/** Flags of an account nobody has acted on. */
export const CLEAN_FLAGS: AdminFlags = {
  suspended: false,
  silenced: false,
  sensitized: false,
  disabled: false,
};

/** Mastodon's Rule entity. */
export function ruleJson(id: string, text: string, hint = ""): Json {
  return { id, text, hint, translations: {} };
}
