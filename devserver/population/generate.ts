/**
 * A seeded population of ordinary accounts and spam waves for the development server, the
 * benchmark corpus and rule tuning. Deterministic: the same seed and options give the same JSON.
 */
import type { Segment } from "../html.ts";
import { Rng, SnowflakeIds } from "../random.ts";
import { cardJson, type StatusModel } from "../status_entities.ts";
import {
  addStatus,
  type Draft,
  type GenContext,
  image,
  makeAccount,
  mentionOf,
  renderDraft,
  type SeedAccount,
} from "./common.ts";
import {
  ALT_TEXTS,
  BIOS,
  FIRST_NAMES,
  LAST_NAMES,
  ORDINARY_DOMAINS,
  ORDINARY_LINKS,
  ORDINARY_POSTS,
} from "./text.ts";
import { cryptoWave, impersonationWave, mentionSpamWave } from "./waves.ts";
import { compromisedAccounts, conferenceCrowd } from "./hard.ts";

export type { Label, SeedAccount } from "./common.ts";

/** The generated accounts, oldest first, and the parameters that produced them. */
export interface Population {
  seed: number;
  baseTime: number;
  baseUrl: string;
  windowMs: number;
  accounts: SeedAccount[];
}

/** Knobs of the generator; every one has a fixed default so the seed alone decides the data. */
export interface PopulationOptions {
  /** Start of the simulated window; default 2026-11-01T00:00:00Z. */
  baseTime?: number;
  /** Origin of the local server; default http://localhost:3000. */
  baseUrl?: string;
  /** Number of ordinary accounts; default 320. */
  ordinaryAccounts?: number;
  /** Length of the arrival window in ms; default one hour. */
  windowMs?: number;
  /** Include the spam waves; default true. */
  waves?: boolean;
  /**
   * Add harder cases; default false: eight ordinary accounts sharing one conference link
   * within half an hour, and three old local accounts taken over (label "compromised").
   */
  hardCases?: boolean;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The options with every default applied: what decides the population besides the seed. */
export function resolvePopulationOptions(
  opts: PopulationOptions = {},
): Required<PopulationOptions> {
  return {
    baseTime: opts.baseTime ?? Date.parse("2026-11-01T00:00:00Z"),
    baseUrl: (opts.baseUrl ?? "http://localhost:3000").replace(/\/$/, ""),
    ordinaryAccounts: opts.ordinaryAccounts ?? 320,
    windowMs: opts.windowMs ?? 60 * MINUTE,
    waves: opts.waves ?? true,
    hardCases: opts.hardCases ?? false,
  };
}

/** Generates the population for a seed: ordinary accounts plus the spam waves. */
export function generatePopulation(seed: number, options: PopulationOptions = {}): Population {
  const opts = resolvePopulationOptions(options);
  const { baseTime, baseUrl, windowMs } = opts;
  const root = new Rng(seed);
  const ctx: GenContext = {
    rng: root.fork("ordinary"),
    ids: new SnowflakeIds(),
    base: baseUrl,
    baseTime,
    windowMs,
  };
  const ordinary = ordinaryAccounts(ctx, opts.ordinaryAccounts);
  const drafts = [...ordinary];
  if (opts.waves) {
    const locals = ordinary.filter((d) => d.model.domain === null && d.arrivesAtMs === 0);
    drafts.push(...mentionSpamWave({ ...ctx, rng: root.fork("mention-spam") }, locals));
    drafts.push(...cryptoWave({ ...ctx, rng: root.fork("crypto-scam") }));
    drafts.push(...impersonationWave({ ...ctx, rng: root.fork("impersonation") }, locals));
  }
  if (opts.hardCases) {
    const hard = { ...ctx, rng: root.fork("hard-cases") };
    conferenceCrowd(hard, ordinary);
    drafts.push(...compromisedAccounts(hard, ordinary));
  }
  drafts.sort((a, b) => a.model.createdAt - b.model.createdAt);
  return {
    seed,
    baseTime,
    baseUrl,
    windowMs,
    accounts: drafts.map((d) => renderDraft(d, baseUrl)),
  };
}

function ordinaryAccounts(ctx: GenContext, count: number): Draft[] {
  const { rng } = ctx;
  const drafts: Draft[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    const local = rng.chance(0.4);
    const home = rng.pick(ORDINARY_DOMAINS);
    const language = local ? rng.pick(["en", "en", "en", "de", "fr", "ja", "es"]) : home.language;
    // Some people sign up during the window; a few more joined in the last days.
    const arrives = rng.chance(0.08);
    const arrivesAtMs = arrives ? rng.int(1, ctx.windowMs - 1) : 0;
    const createdAt = arrives
      ? ctx.baseTime + arrivesAtMs
      : rng.chance(0.1)
      ? ctx.baseTime - rng.int(1, 3 * DAY)
      : ctx.baseTime - rng.int(30 * DAY, 3 * 365 * DAY);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let username = `${first}${rng.chance(0.5) ? "_" : ""}${last}`.toLowerCase()
      .normalize("NFD").replace(/[^a-z0-9_]/g, "");
    while (taken.has(username)) username += rng.int(0, 9);
    taken.add(username);
    const fresh = createdAt > ctx.baseTime - 3 * DAY;
    const bot = !fresh && rng.chance(0.04);
    const model = makeAccount(ctx, {
      username,
      createdAt,
      domain: local ? null : home.domain,
      displayName: bot ? `${first}'s news feed` : rng.chance(0.9) ? `${first} ${last}` : "",
      note: fresh && rng.chance(0.5) ? "" : `<p>${rng.pick(BIOS)}</p>`,
      avatar: fresh && rng.chance(0.6)
        ? null
        : `${ctx.base}/system/${local ? "" : "cache/"}accounts/avatars/${
          rng.token(12, "0123456789")
        }/original/${rng.token(16, "0123456789abcdef")}.jpg`,
      followers: fresh ? rng.int(0, 8) : rng.int(5, 2500),
      following: fresh ? rng.int(0, 30) : rng.int(10, 900),
      bot,
      locale: language,
      fields: rng.chance(0.3) ? [{ name: "Website", value: `https://${username}.example` }] : [],
    });
    const draft: Draft = { model, label: "ordinary", arrivesAtMs, statuses: [] };
    ordinaryStatuses(ctx, draft, language, bot);
    drafts.push(draft);
  }
  addReplies(ctx, drafts);
  return drafts;
}

function ordinaryStatuses(ctx: GenContext, draft: Draft, language: string, bot: boolean) {
  const { rng } = ctx;
  const posts = ORDINARY_POSTS[language];
  const count = bot ? rng.int(10, 20) : draft.arrivesAtMs > 0 ? rng.int(0, 3) : rng.int(2, 10);
  const start = Math.max(draft.model.createdAt, ctx.baseTime - 30 * DAY);
  draft.model.statusesCount = bot ? rng.int(500, 5000) : rng.int(0, 400);
  for (let i = 0; i < count; i++) {
    // Most history lies before the window; some posts land inside it and trigger webhooks.
    const at = draft.arrivesAtMs > 0
      ? draft.model.createdAt + rng.int(1, 20 * MINUTE)
      : rng.chance(0.15)
      ? ctx.baseTime + rng.int(1, ctx.windowMs - 1)
      : rng.int(start, ctx.baseTime - 1);
    const segments: Segment[] = [{ text: rng.pick(posts.sentences) }];
    const tags: string[] = [];
    let card = null;
    if (bot || rng.chance(0.2)) {
      const link = rng.pick(ORDINARY_LINKS);
      segments.push({ text: " " }, { link: link.url });
      card = rng.chance(0.7) ? cardJson(link.url, link.title, "", language) : null;
    }
    if (rng.chance(0.3)) {
      const tag = rng.pick(posts.tags);
      tags.push(tag);
      segments.push({ text: " " }, { tag });
    }
    const media = rng.chance(0.15)
      ? [image(rng, rng.chance(0.7) ? rng.pick(ALT_TEXTS) : null)]
      : [];
    addStatus(ctx, draft, at, {
      paragraphs: [segments],
      tags,
      card,
      media,
      language,
      visibility: rng.chance(0.2) ? "unlisted" : "public",
      sensitive: media.length > 0 && rng.chance(0.1),
    });
  }
}

/** Turns some ordinary posts into replies to earlier posts by others, with the usual mention. */
function addReplies(ctx: GenContext, drafts: Draft[]) {
  const all: StatusModel[] = drafts.flatMap((d) => d.statuses).sort((a, b) =>
    a.createdAt - b.createdAt
  );
  for (let i = 1; i < all.length; i++) {
    const status = all[i];
    if (!ctx.rng.chance(0.2)) continue;
    const parent = all[ctx.rng.int(Math.max(0, i - 40), i - 1)];
    if (parent.account.id === status.account.id) continue;
    status.inReplyTo = { id: parent.id, accountId: parent.account.id };
    status.mentions = [parent.account];
    status.paragraphs = [[
      mentionOf(parent.account, ctx.base),
      { text: " " },
      ...status.paragraphs[0],
    ]];
  }
}

/** Accounts and statuses per label, e.g. for a benchmark's ground truth summary. */
export function countByLabel(
  population: Population,
): Record<string, { accounts: number; statuses: number }> {
  const out: Record<string, { accounts: number; statuses: number }> = {};
  for (const a of population.accounts) {
    out[a.label] ??= { accounts: 0, statuses: 0 };
    out[a.label].accounts++;
    out[a.label].statuses += a.statuses.length;
  }
  return out;
}
