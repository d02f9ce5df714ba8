/**
 * Optional hard cases (PopulationOptions.hardCases): a legitimate crowd sharing one link, and
 * old, well-kept local accounts that are taken over and start posting scam links. Off by
 * default so the default population stays stable for tuned rule sets.
 */
import { addStatus, type Draft, type GenContext, makeAccount, mentionOf } from "./common.ts";
import { BIOS, FIRST_NAMES, LAST_NAMES, ORDINARY_POSTS } from "./text.ts";
import { SHORTENER_LINKS } from "./waves_text.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

const CROWD_TEXTS = [
  "The talk recordings from this weekend's conference are up!",
  "Talk recordings are online now, so many good ones:",
  "Recordings from the conference are out, highly recommend the keynote",
];
const CROWD_LINK = "https://video.fosdem.org/2026/";

/** Ordinary people who all share the same conference link within half an hour. */
export function conferenceCrowd(ctx: GenContext, ordinary: Draft[]) {
  const { rng } = ctx;
  const present = ordinary.filter((d) => d.arrivesAtMs === 0 && d.label === "ordinary");
  const start = ctx.baseTime + Math.round(ctx.windowMs * 0.3);
  for (const draft of rng.sample(present, 8)) {
    addStatus(ctx, draft, start + rng.int(0, 30 * MINUTE), {
      paragraphs: [[{ text: `${rng.pick(CROWD_TEXTS)} ` }, { link: CROWD_LINK }, { text: " " }, {
        tag: "FOSDEM",
      }]],
      tags: ["FOSDEM"],
    });
  }
}

/** Old local accounts with a normal history that suddenly post shortened scam links. */
export function compromisedAccounts(ctx: GenContext, ordinary: Draft[]): Draft[] {
  const { rng } = ctx;
  const drafts: Draft[] = [];
  const friends = ordinary.filter((d) => d.arrivesAtMs === 0).map((d) => d.model);
  for (let i = 0; i < 3; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const model = makeAccount(ctx, {
      username: `${first}.${last}${rng.int(1, 99)}`.toLowerCase().normalize("NFD")
        .replace(/[^a-z0-9_]/g, ""),
      createdAt: ctx.baseTime - rng.int(400, 1500) * DAY,
      displayName: `${first} ${last}`,
      note: `<p>${rng.pick(BIOS)}</p>`,
      avatar: `${ctx.base}/system/accounts/avatars/${rng.token(12, "0123456789")}/original/a.jpg`,
      followers: rng.int(80, 900),
      following: rng.int(50, 400),
      statusesCount: rng.int(300, 3000),
    });
    const draft: Draft = { model, label: "compromised", arrivesAtMs: 0, statuses: [] };
    for (let p = 0; p < 6; p++) {
      addStatus(ctx, draft, ctx.baseTime - rng.int(1, 30) * DAY, {
        paragraphs: [[{ text: rng.pick(ORDINARY_POSTS.en.sentences) }]],
      });
    }
    const takeover = ctx.baseTime + Math.round(ctx.windowMs * 0.5) + rng.int(0, 10 * MINUTE);
    for (let p = 0; p < rng.int(4, 7); p++) {
      const friend = rng.pick(friends);
      addStatus(ctx, draft, takeover + p * rng.int(20_000, 90_000), {
        paragraphs: [[mentionOf(friend, ctx.base), {
          text: " omg is this you in this video?? ",
        }, { link: rng.pick(SHORTENER_LINKS) + rng.token(7) }]],
        mentions: [friend],
        visibility: rng.chance(0.5) ? "unlisted" : "public",
      });
    }
    drafts.push(draft);
  }
  return drafts;
}
