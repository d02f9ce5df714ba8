/** Instance endpoints: /api/v2/instance, /api/v1/instance and the server rules. */
import { type Context, Hono } from "hono";
import type { Env } from "./auth.ts";
import type { Dev } from "../context.ts";
import { type Json, ruleJson } from "../entities.ts";
import { json } from "./http.ts";

/** The development server's rules; reports may cite them by id. */
export function defaultRules(): Json[] {
  return [
    ruleJson("1", "No spam or unsolicited advertising.", "This includes mass mentions."),
    ruleJson("2", "No harassment, hate speech or threats."),
    ruleJson("3", "No impersonation of people or organisations."),
    ruleJson("4", "Mark sensitive media and add image descriptions where you can."),
  ];
}

const MIME_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/heic",
  "image/heif",
  "image/webp",
  "image/avif",
  "video/webm",
  "video/mp4",
  "video/quicktime",
  "video/ogg",
  "audio/wave",
  "audio/wav",
  "audio/x-wav",
  "audio/vnd.wave",
  "audio/ogg",
  "audio/mpeg",
  "audio/mp3",
  "audio/webm",
  "audio/flac",
  "audio/aac",
  "audio/mp4",
];

const POLLS = {
  max_options: 4,
  max_characters_per_option: 50,
  min_expiration: 300,
  max_expiration: 2629746,
};
const STATUSES = { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 };
const TITLE = "MastoWatch development server";

function v2(dev: Dev): Json {
  const host = new URL(dev.base).host;
  const feeds = { local: "public", remote: "public" };
  return {
    domain: host,
    title: TITLE,
    version: "4.6.4",
    source_url: "https://github.com/mastodon/mastodon",
    description: "A development Mastodon server with a seeded population.",
    usage: { users: { active_month: dev.state.accounts.size } },
    thumbnail: { url: `${dev.base}/packs/images/preview.png`, description: "" },
    icon: [{ src: `${dev.base}/packs/icons/android-chrome-36x36.png`, size: "36x36" }],
    languages: ["en"],
    configuration: {
      urls: {
        streaming: `ws://${host}`,
        status: null,
        about: `${dev.base}/about`,
        privacy_policy: `${dev.base}/privacy-policy`,
        terms_of_service: null,
      },
      vapid: { public_key: "BAhxXyHfAoMqrZECjRI56F5QrE4ynVlkZFMdKSpTIsWRNoWUVgut" },
      accounts: {
        max_display_name_length: 40,
        max_note_length: 500,
        max_avatar_description_length: 150,
        max_header_description_length: 150,
        max_featured_tags: 10,
        max_pinned_statuses: 5,
        max_profile_fields: 4,
        profile_field_name_limit: 255,
        profile_field_value_limit: 255,
      },
      statuses: STATUSES,
      media_attachments: {
        description_limit: 10000,
        image_matrix_limit: 33177600,
        image_size_limit: 16777216,
        supported_mime_types: MIME_TYPES,
        video_frame_rate_limit: 120,
        video_matrix_limit: 8294400,
        video_size_limit: 103809024,
      },
      polls: POLLS,
      translation: { enabled: false },
      timelines_access: { live_feeds: feeds, hashtag_feeds: feeds, trending_link_feeds: feeds },
      limited_federation: false,
    },
    registrations: {
      enabled: true,
      approval_required: false,
      reason_required: false,
      message: null,
      min_age: null,
      url: null,
    },
    api_versions: { mastodon: 11 },
    wrapstodon: null,
    contact: { email: `admin@${new URL(dev.base).hostname}`, account: null },
    rules: dev.rules,
  };
}

function v1(dev: Dev): Json {
  const host = new URL(dev.base).host;
  const domains = new Set([...dev.state.accounts.values()].map((a) => a.admin.domain));
  return {
    uri: host,
    title: TITLE,
    short_description: "",
    description: "",
    email: `admin@${new URL(dev.base).hostname}`,
    version: "4.6.4",
    urls: { streaming_api: `ws://${host}` },
    stats: {
      user_count: [...dev.state.accounts.values()].filter((a) => a.admin.domain === null).length,
      status_count: dev.state.statuses.size,
      domain_count: domains.size,
    },
    thumbnail: `${dev.base}/packs/images/preview.png`,
    languages: ["en"],
    registrations: true,
    approval_required: false,
    invites_enabled: true,
    configuration: {
      accounts: { max_featured_tags: 10 },
      statuses: STATUSES,
      media_attachments: {
        supported_mime_types: MIME_TYPES,
        image_size_limit: 16777216,
        image_matrix_limit: 33177600,
        video_size_limit: 103809024,
        video_frame_rate_limit: 120,
        video_matrix_limit: 8294400,
      },
      polls: POLLS,
    },
    contact_account: null,
    rules: dev.rules,
  };
}

/** The routes for instance metadata, mounted at the root. */
export function instanceRoutes(dev: Dev): Hono<Env> {
  const app = new Hono<Env>();
  const cached = (c: Context<Env>, body: Json) => {
    const res = json(c, body);
    res.headers.set("Cache-Control", "max-age=300, public, stale-while-revalidate=30");
    return res;
  };
  for (const path of ["/api/v2/instance", "/api/v2/instance/"]) {
    app.get(path, (c) => cached(c, v2(dev)));
  }
  for (const path of ["/api/v1/instance", "/api/v1/instance/"]) {
    app.get(path, (c) => {
      c.header("Deprecation", "@1668384000");
      return cached(c, v1(dev));
    });
  }
  app.get("/api/v1/instance/rules", (c) => cached(c, dev.rules));
  return app;
}
