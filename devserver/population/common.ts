/** Shared pieces of the population generator: the draft types and the status factory. */
import { type AccountModel, adminAccountJson, CLEAN_FLAGS, type Json, ROLES } from "../entities.ts";
import type { Segment } from "../html.ts";
import { Rng, SnowflakeIds } from "../random.ts";
import { type MediaModel, statusJson, type StatusModel } from "../status_entities.ts";
import { BLURHASHES } from "./text.ts";

/** Who an account is in the population: ordinary people, or the spam wave it belongs to. */
export type Label =
  | "ordinary"
  | "mention-spam"
  | "crypto-scam"
  | "impersonation"
  | "compromised";

/** One account of the population with its statuses, as Mastodon JSON. */
export interface SeedAccount {
  /** Admin::Account with the Account nested under `account`. */
  admin: Json;
  /** Status entities, oldest first; each becomes visible at its `created_at`. */
  statuses: Json[];
  label: Label;
  /** Milliseconds after the base time at which the account appears (0 = present at start). */
  arrivesAtMs: number;
}

/** An account being generated, before rendering to JSON. */
export interface Draft {
  model: AccountModel;
  label: Label;
  arrivesAtMs: number;
  statuses: StatusModel[];
}

/** State shared by the generator steps. */
export interface GenContext {
  rng: Rng;
  ids: SnowflakeIds;
  base: string;
  baseTime: number;
  windowMs: number;
}

/** Fields of a new account that vary; the rest take ordinary defaults. */
export type AccountInput = Partial<AccountModel> & { username: string; createdAt: number };

/**
 * Builds an account model. Its snowflake id comes from when the record reaches this server
 * (`idAt`, default the creation time): a remote account created elsewhere an hour ago but
 * first seen now sorts as new, so cursor-based polling finds it, as on Mastodon.
 */
export function makeAccount(
  ctx: GenContext,
  input: AccountInput,
  idAt = input.createdAt,
): AccountModel {
  const domain = input.domain ?? null;
  return {
    id: ctx.ids.at(idAt),
    domain,
    displayName: "",
    note: "",
    avatar: null,
    header: null,
    followers: 0,
    following: 0,
    statusesCount: 0,
    lastStatusAt: null,
    bot: false,
    locked: false,
    discoverable: true,
    fields: [],
    email: domain ? null : `${input.username}@${new URL(ctx.base).hostname}`,
    locale: "en",
    ip: domain ? null : `192.0.2.${ctx.rng.int(1, 254)}`,
    role: ROLES.everyone,
    inviteRequest: null,
    ...input,
  };
}

/** The fields of a status that vary. */
export interface StatusInput {
  paragraphs: Segment[][];
  tags?: string[];
  mentions?: AccountModel[];
  media?: Omit<MediaModel, "id">[];
  card?: Json | null;
  visibility?: StatusModel["visibility"];
  language?: string | null;
  inReplyTo?: StatusModel | null;
  sensitive?: boolean;
  spoilerText?: string;
}

/** Adds a status posted by `draft` at `at` and keeps the account's counters in step. */
export function addStatus(ctx: GenContext, draft: Draft, when: number, input: StatusInput) {
  // Nothing is posted after the window, so compressed realtime runs never show future times.
  const at = Math.min(when, ctx.baseTime + ctx.windowMs - 1);
  const id = ctx.ids.at(at);
  const status: StatusModel = {
    id,
    createdAt: at,
    account: draft.model,
    inReplyTo: input.inReplyTo
      ? { id: input.inReplyTo.id, accountId: input.inReplyTo.account.id }
      : null,
    sensitive: input.sensitive ?? false,
    spoilerText: input.spoilerText ?? "",
    visibility: input.visibility ?? "public",
    language: input.language === undefined ? "en" : input.language,
    paragraphs: input.paragraphs,
    media: (input.media ?? []).map((m) => ({ ...m, id: ctx.ids.at(at) })),
    mentions: input.mentions ?? [],
    tags: input.tags ?? [],
    card: input.card ?? null,
  };
  draft.statuses.push(status);
  draft.model.statusesCount += 1;
  draft.model.lastStatusAt = Math.max(draft.model.lastStatusAt ?? 0, at);
  return status;
}

/** A random image, with or without alt text. */
export function image(rng: Rng, description: string | null): Omit<MediaModel, "id"> {
  const landscape = rng.chance(0.6);
  return {
    width: landscape ? 1600 : 1200,
    height: landscape ? 1200 : 1600,
    description,
    blurhash: rng.pick(BLURHASHES),
  };
}

/** Renders a draft into a SeedAccount; statuses sorted oldest first. */
export function renderDraft(draft: Draft, base: string): SeedAccount {
  const statuses = [...draft.statuses].sort((a, b) => a.createdAt - b.createdAt);
  return {
    admin: adminAccountJson(draft.model, base, CLEAN_FLAGS),
    statuses: statuses.map((s) => statusJson(s, base)),
    label: draft.label,
    arrivesAtMs: draft.arrivesAtMs,
  };
}

/** The mention segment for an account as seen from the local server. */
export function mentionOf(a: AccountModel, base: string): Segment {
  const url = a.domain ? `https://${a.domain}/@${a.username}` : `${base}/@${a.username}`;
  return {
    mention: {
      acct: a.domain ? `${a.username}@${a.domain}` : a.username,
      url,
      username: a.username,
    },
  };
}
