/** Small, valid Mastodon entities for tests, shaped like the recorded 4.6.4 answers. */
import type { Account, AdminAccount, AdminReport, Report, Status } from "../schemas.ts";

const BASE = "http://127.0.0.1:3000";

/** A public account; `acct` carries the domain for remote accounts. */
export function sampleAccount(id: string, over: Partial<Account> = {}): Account {
  const username = over.username ?? `user${id}`;
  return {
    id,
    username,
    acct: username,
    display_name: "",
    locked: false,
    bot: false,
    group: false,
    discoverable: true,
    created_at: "2026-08-01T00:00:00.000Z",
    note: "",
    url: `${BASE}/@${username}`,
    uri: `${BASE}/ap/users/${id}`,
    avatar: `${BASE}/avatars/original/missing.png`,
    avatar_static: `${BASE}/avatars/original/missing.png`,
    header: `${BASE}/headers/original/missing.png`,
    header_static: `${BASE}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: 0,
    last_status_at: null,
    emojis: [],
    fields: [],
    ...over,
  };
}

/** An account as moderators see it. */
export function sampleAdminAccount(id: string, over: Partial<AdminAccount> = {}): AdminAccount {
  const account = over.account ??
    sampleAccount(id, over.username === undefined ? {} : { username: over.username });
  return {
    id,
    username: account.username,
    domain: null,
    created_at: "2026-08-01T13:48:54.006Z",
    email: `${account.username}@localhost`,
    ip: null,
    ips: [],
    locale: null,
    invite_request: null,
    role: { id: "-99", name: "", permissions: "65536", color: "", highlighted: false },
    confirmed: true,
    approved: true,
    disabled: false,
    silenced: false,
    suspended: false,
    sensitized: false,
    account,
    ...over,
  };
}

/** A public status by `account`. */
export function sampleStatus(id: string, account: Account, over: Partial<Status> = {}): Status {
  return {
    id,
    uri: `${BASE}/ap/users/${account.id}/statuses/${id}`,
    url: `${BASE}/@${account.username}/${id}`,
    created_at: "2026-08-01T13:49:58.223Z",
    edited_at: null,
    account,
    content: "<p>Toot!</p>",
    visibility: "public",
    sensitive: false,
    spoiler_text: "",
    language: "en",
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    reblog: null,
    poll: null,
    card: null,
    ...over,
  };
}

/** The answer to filing a report. */
export function sampleReport(id: string, target: Account, over: Partial<Report> = {}): Report {
  return {
    id,
    action_taken: false,
    action_taken_at: null,
    category: "other",
    comment: "",
    forwarded: false,
    created_at: "2026-08-01T13:49:58.485Z",
    status_ids: [],
    rule_ids: null,
    target_account: target,
    ...over,
  };
}

/** A report as moderators see it. */
export function sampleAdminReport(
  id: string,
  reporter: AdminAccount,
  target: AdminAccount,
  over: Partial<AdminReport> = {},
): AdminReport {
  return {
    id,
    action_taken: false,
    action_taken_at: null,
    category: "other",
    comment: "",
    forwarded: false,
    created_at: "2026-08-01T13:49:58.485Z",
    updated_at: "2026-08-01T13:49:58.485Z",
    account: reporter,
    target_account: target,
    assigned_account: null,
    action_taken_by_account: null,
    statuses: [],
    rules: [],
    ...over,
  };
}
