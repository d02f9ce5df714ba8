/** The spam waves of the seeded population; each returns the drafts of its accounts. */
import { addStatus, type Draft, type GenContext, makeAccount, mentionOf } from "./common.ts";
import type { Segment } from "../html.ts";
import {
  CRYPTO_LINKS,
  CRYPTO_TAGS,
  CRYPTO_TEXTS,
  IMPERSONATION_NAMES,
  IMPERSONATION_TEXTS,
  MENTION_SPAM_DOMAINS,
  MENTION_SPAM_LINK,
  MENTION_SPAM_TEXTS,
  SHORTENER_LINKS,
} from "./waves_text.ts";

const MINUTE = 60_000;

/**
 * Wave (a): many new remote accounts from a few domains, default avatar and empty bio, each
 * posting a near-identical pitch with the same link and the same mentioned local accounts.
 */
export function mentionSpamWave(ctx: GenContext, locals: Draft[]): Draft[] {
  const { rng } = ctx;
  const targets = rng.sample(locals, 3).map((d) => d.model);
  const start = Math.round(ctx.windowMs * 0.2);
  const drafts: Draft[] = [];
  const count = rng.int(42, 50);
  for (let i = 0; i < count; i++) {
    const arrivesAtMs = start + rng.int(0, 8 * MINUTE);
    const createdAt = ctx.baseTime + arrivesAtMs - rng.int(1_000, 5 * MINUTE);
    const model = makeAccount(ctx, {
      username: rng.token(1, "abcdefghijklmnopqrstuvwxyz") + rng.token(rng.int(7, 11)),
      createdAt,
      domain: rng.pick(MENTION_SPAM_DOMAINS),
      followers: rng.int(0, 2),
      following: rng.int(0, 40),
      discoverable: null,
    }, ctx.baseTime + arrivesAtMs);
    const draft: Draft = { model, label: "mention-spam", arrivesAtMs, statuses: [] };
    const posts = rng.int(1, 3);
    for (let p = 0; p < posts; p++) {
      const mentioned = rng.chance(0.8) ? targets : targets.slice(0, 2);
      const segments: Segment[] = [];
      for (const t of mentioned) segments.push(mentionOf(t, ctx.base), { text: " " });
      segments.push({ text: `${rng.pick(MENTION_SPAM_TEXTS)} ` }, { link: MENTION_SPAM_LINK });
      addStatus(ctx, draft, ctx.baseTime + arrivesAtMs + rng.int(0, 4 * MINUTE), {
        paragraphs: [segments],
        mentions: mentioned,
        language: rng.chance(0.8) ? "en" : null,
      });
    }
    drafts.push(draft);
  }
  return drafts;
}

/** Wave (b): a few new local accounts posting crypto-scam links many times within minutes. */
export function cryptoWave(ctx: GenContext): Draft[] {
  const { rng } = ctx;
  const drafts: Draft[] = [];
  const count = rng.int(2, 3);
  for (let i = 0; i < count; i++) {
    const arrivesAtMs = Math.round(ctx.windowMs * 0.4) + rng.int(0, 3 * MINUTE);
    const model = makeAccount(ctx, {
      username: `${rng.pick(["crypto", "eth", "moon", "profit"])}_${
        rng.pick(["king", "guru", "daily", "signals"])
      }${rng.int(10, 99)}`,
      createdAt: ctx.baseTime + arrivesAtMs,
      displayName: rng.pick(["Crypto Gains 🚀", "Airdrop Alerts", "ETH Daily"]),
      note: rng.chance(0.5) ? "<p>Financial freedom starts today 💸</p>" : "",
      locale: "en",
    });
    const draft: Draft = { model, label: "crypto-scam", arrivesAtMs, statuses: [] };
    const posts = rng.int(20, 30);
    const burst = rng.int(4, 7) * MINUTE;
    for (let p = 0; p < posts; p++) {
      const link = rng.pick(CRYPTO_LINKS) + rng.token(6);
      const tags = rng.sample(CRYPTO_TAGS, rng.int(1, 3));
      const segments: Segment[] = [{ text: `${rng.pick(CRYPTO_TEXTS)} ` }, { link }];
      for (const tag of tags) segments.push({ text: " " }, { tag });
      addStatus(ctx, draft, ctx.baseTime + arrivesAtMs + 5_000 + Math.round((burst * p) / posts), {
        paragraphs: [segments],
        tags,
      });
    }
    drafts.push(draft);
  }
  return drafts;
}

/**
 * Wave (c): remote accounts impersonating staff, posting shortened phishing links at a few
 * local accounts.
 */
export function impersonationWave(ctx: GenContext, locals: Draft[]): Draft[] {
  const { rng } = ctx;
  const drafts: Draft[] = [];
  const count = rng.int(6, 9);
  for (let i = 0; i < count; i++) {
    const arrivesAtMs = Math.round(ctx.windowMs * 0.6) + rng.int(0, 10 * MINUTE);
    const model = makeAccount(ctx, {
      username: rng.pick(["mastodon_support", "mastodonstaff", "support_team", "m4stodon"]) +
        rng.int(1, 999),
      createdAt: ctx.baseTime + arrivesAtMs - rng.int(1, 48) * 3_600_000,
      domain: rng.pick(["mastodon-support.example", "secure-login.example"]),
      displayName: rng.pick(IMPERSONATION_NAMES),
      note: "<p>Official support account. We will never ask for your password.</p>",
      // Remote avatars are served from the local media cache, as Mastodon does.
      avatar: `${ctx.base}/system/cache/accounts/avatars/${
        rng.token(12, "0123456789")
      }/original/logo${rng.int(1, 3)}.png`,
      followers: rng.int(0, 15),
      following: rng.int(50, 400),
    }, ctx.baseTime + arrivesAtMs);
    const draft: Draft = { model, label: "impersonation", arrivesAtMs, statuses: [] };
    const posts = rng.int(2, 4);
    for (let p = 0; p < posts; p++) {
      const target = rng.pick(locals).model;
      const link = rng.pick(SHORTENER_LINKS) +
        rng.token(7, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789");
      addStatus(ctx, draft, ctx.baseTime + arrivesAtMs + rng.int(0, 6 * MINUTE), {
        paragraphs: [[mentionOf(target, ctx.base), { text: ` ${rng.pick(IMPERSONATION_TEXTS)} ` }, {
          link,
        }]],
        mentions: [target],
        visibility: rng.chance(0.3) ? "unlisted" : "public",
      });
    }
    drafts.push(draft);
  }
  return drafts;
}
