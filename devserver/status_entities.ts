/** Builders for Mastodon's Status and MediaAttachment entities. */
import { accountJson, type AccountModel, acct, iso, type Json, profileUrl } from "./entities.ts";
import { renderContent, type Segment } from "./html.ts";

/** An image attached to a status; description null means no alt text. */
export interface MediaModel {
  id: string;
  width: number;
  height: number;
  description: string | null;
  blurhash: string;
}

/** Everything needed to render a status. */
export interface StatusModel {
  id: string;
  createdAt: number;
  account: AccountModel;
  inReplyTo: { id: string; accountId: string } | null;
  sensitive: boolean;
  spoilerText: string;
  visibility: "public" | "unlisted" | "private" | "direct";
  language: string | null;
  paragraphs: Segment[][];
  media: MediaModel[];
  mentions: AccountModel[];
  tags: string[];
  card: Json | null;
}

/** The canonical ActivityPub id of a status. */
export function statusUri(s: StatusModel, base: string): string {
  const a = s.account;
  return a.domain
    ? `https://${a.domain}/users/${a.username}/statuses/${s.id}`
    : `${base}/ap/users/${a.id}/statuses/${s.id}`;
}

/** Mastodon's MediaAttachment entity for an image. */
export function mediaJson(m: MediaModel, owner: AccountModel, base: string): Json {
  const path = m.id.match(/.{1,3}/g)!.join("/");
  const file = `${base}/system/media_attachments/files/${path}/original/${m.id.slice(-8)}.jpg`;
  const small = file.replace("/original/", "/small/");
  const remote = owner.domain ? `https://${owner.domain}/media/${m.id}.jpg` : null;
  const scale = Math.min(1, 640 / m.width);
  const sw = Math.round(m.width * scale);
  const sh = Math.round(m.height * scale);
  return {
    id: m.id,
    type: "image",
    url: file,
    preview_url: small,
    remote_url: remote,
    preview_remote_url: null,
    text_url: null,
    meta: {
      original: {
        width: m.width,
        height: m.height,
        size: `${m.width}x${m.height}`,
        aspect: m.width / m.height,
      },
      small: { width: sw, height: sh, size: `${sw}x${sh}`, aspect: sw / sh },
    },
    description: m.description,
    blurhash: m.blurhash,
  };
}

/** Mastodon's Status entity (REST::StatusSerializer) as an admin token sees it. */
export function statusJson(s: StatusModel, base: string): Json {
  const a = s.account;
  const approval = s.visibility === "public" || s.visibility === "unlisted" ? ["public"] : [];
  return {
    id: s.id,
    created_at: iso(s.createdAt),
    in_reply_to_id: s.inReplyTo?.id ?? null,
    in_reply_to_account_id: s.inReplyTo?.accountId ?? null,
    sensitive: s.sensitive,
    spoiler_text: s.spoilerText,
    visibility: s.visibility,
    language: s.language,
    uri: statusUri(s, base),
    url: a.domain ? `https://${a.domain}/@${a.username}/${s.id}` : `${profileUrl(a, base)}/${s.id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    quotes_count: 0,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: false,
    content: renderContent(s.paragraphs, a.domain ? `https://${a.domain}` : base),
    filtered: [],
    reblog: null,
    // Mastodon shows the posting application only for local statuses.
    application: a.domain ? null : { name: "Web", website: null },
    account: accountJson(a, base),
    media_attachments: s.media.map((m) => mediaJson(m, a, base)),
    mentions: s.mentions.map((m) => ({
      id: m.id,
      username: m.username,
      url: profileUrl(m, base),
      acct: acct(m),
    })),
    tags: s.tags.map((t) => ({
      name: t.toLowerCase(),
      url: `${base}/tags/${encodeURIComponent(t.toLowerCase())}`,
    })),
    emojis: [],
    tagged_collections: [],
    quote: null,
    card: s.card,
    poll: null,
    quote_approval: {
      automatic: approval,
      manual: [],
      current_user: approval.length ? "automatic" : "denied",
    },
  };
}

/** A link preview card like the recorded one. */
export function cardJson(url: string, title: string, description: string, language: string): Json {
  return {
    url,
    title,
    description,
    language,
    type: "link",
    author_name: "",
    author_url: "",
    provider_name: "",
    provider_url: "",
    html: "",
    width: 0,
    height: 0,
    image: null,
    image_description: "",
    embed_url: "",
    blurhash: null,
    published_at: null,
    missing_attribution: false,
    authors: [],
  };
}
