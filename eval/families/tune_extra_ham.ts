/**
 * Hard ham written later for the tuning half only (see corpus.ts, TUNE_ONLY): people whose
 * statuses or profiles share the surface of the spam the later tuning cases model: newcomers
 * tagging a link, messenger contacts in a fresh profile, warnings that link an explainer, shops
 * announcing a sale, short sign-up reasons.
 */
import type { Rng } from "../build.ts";
import type { AccountSpec } from "../build.ts";
import { type CaseSpec, DAY, type Family, HOUR, MINUTE, person } from "./common.ts";

interface Person {
  texts: string[];
  ageH: number;
  note?: string;
  fields?: [string, string][];
  followers?: number;
  following?: number;
  avatar?: boolean;
  bot?: boolean;
  language?: string;
  local?: boolean;
}

const SERVERS = ["mastodon.example", "social.example", "fosstodon.example", "troet.example"];

function render(rng: Rng, people: Person[], startDay: number): CaseSpec[] {
  return people.map((p, i) => {
    const who = person(rng);
    const account: AccountSpec = {
      username: who.handle,
      domain: p.local ? null : rng.pick(SERVERS),
      displayName: who.name,
      note: p.note,
      fields: p.fields,
      avatar: p.avatar ?? true,
      bot: p.bot,
      ageMs: p.ageH * HOUR,
      followers: p.followers ?? rng.int(3, 40),
      following: p.following ?? rng.int(10, 80),
    };
    return {
      atMs: startDay * DAY + i * 2 * HOUR + rng.int(0, 50) * MINUTE,
      account,
      statuses: p.texts.map((text, k) => ({
        text,
        agoMs: (k * rng.int(30, 300) + rng.int(2, 20)) * MINUTE,
        language: p.language ?? "en",
      })),
    };
  });
}

const NEWCOMERS: Person[] = [
  {
    texts: [
      "Hi! I'm an illustrator, new here. Portfolio: https://mira-draws.example #introduction #art #illustration #MastoArt",
    ],
    ageH: 20,
    note: "Illustrator, cats, tea.",
  },
  {
    texts: [
      "Hello Fediverse, I cover climate and energy. Tips welcome over Signal, see my profile. #introduction #journalism #climate",
    ],
    ageH: 5,
    note: "Climate reporter.",
    fields: [["Signal", "mira.42"], ["Telegram", "@mira_news"]],
    followers: 1,
  },
  {
    texts: [
      "Just moved from the bird site 👋 my blog lives here: https://kofi-writes.example #NewHere #introduction #writing #books",
    ],
    ageH: 30,
  },
  {
    texts: [
      "Our bakery is on Mastodon now! Fresh bread every morning, 10% off this week for anyone who says 'fediverse' 🥖 https://backstube-leipzig.example #Leipzig #bakery #food",
    ],
    ageH: 60,
    note: "Family bakery since 1987.",
    followers: 25,
    language: "en",
  },
  {
    texts: [
      "Hi all, I work on open-source wallet software, hardware wallets mostly. Blog: https://sats-dev.example #introduction #bitcoin #opensource",
    ],
    ageH: 40,
    note: "Embedded dev.",
  },
  {
    texts: [
      "はじめまして!ゲーム配信をしています。配信はこちら https://stream.example/yu #自己紹介 #ゲーム #配信",
    ],
    ageH: 10,
    language: "ja",
    followers: 0,
  },
];

const WARNINGS: Person[] = [
  {
    texts: [
      "PSA: no real airdrop ever asks for your seed phrase. If a site wants your 12 words, it is a drainer. Good explainer: https://security-blog.example/drainers #crypto #scam",
    ],
    ageH: 9000,
    followers: 400,
  },
  {
    texts: [
      "Careful: accounts called 'Mastodon Support' are DMing people that their account will be suspended unless they log in on a look-alike site. Our admins' post: https://town.example/@admin/113",
    ],
    ageH: 100,
  },
  {
    texts: [
      "Achtung: Phishing im Namen von Mastodon. Niemand vom Team fordert euch auf, euer Konto zu bestätigen. Mehr dazu: https://blog.example/phishing",
    ],
    ageH: 20000,
    language: "de",
    followers: 900,
  },
  {
    texts: [
      "Got a DM from 'Trust & Safety' saying my profile would be deleted unless I sign in again at some odd domain. Reported. Don't click, folks.",
    ],
    ageH: 30,
  },
];

const LONGSTANDING: Person[] = [
  {
    texts: [
      "Moved my savings to a hardware wallet at last. The setup guide I followed: https://guide.example/hw-wallet #bitcoin #selfcustody #crypto",
    ],
    ageH: 30000,
    followers: 300,
  },
  {
    texts: [
      "Winter sale in our shop: 30% off all yarn until Sunday 🧶 https://wool-shop.example #knitting #yarn #sale #crafts",
    ],
    ageH: 15000,
    followers: 800,
  },
  {
    texts: ["I'm live now, come hang out! https://stream.example/kat #gaming #streaming #VTuber"],
    ageH: 12000,
    followers: 200,
  },
];

const ARTISTS: Person[] = [
  {
    texts: [
      "Commissions open! 3 slots, details here: https://lina-draws.example/commissions #commission #art #MastoArt #illustration",
    ],
    ageH: 60,
    note: "Illustrator. Commissions by e-mail or Telegram.",
    fields: [["Telegram", "@lina_draws"], ["Shop", "https://lina-draws.example"]],
    followers: 12,
  },
];

const ORGANISERS: Person[] = [
  {
    texts: [
      "Join the climate strike on Friday, 12:00 at city hall! Info: https://strike.example #ClimateStrike #FridaysForFuture #Climate #Leipzig",
    ],
    ageH: 90,
    followers: 30,
  },
];

const BOTS: Person[] = [
  {
    texts: [
      "Game deal: Hollow Knight 50% off until 5 December https://deals.example/hk #gamedeals #PCgaming",
      "Game deal: Celeste 75% off until 5 December https://deals.example/celeste #gamedeals #PCgaming",
      "Game deal: Hades 40% off until 6 December https://deals.example/hades #gamedeals #PCgaming",
    ],
    ageH: 8000,
    bot: true,
    note: "Automated game deals from public feeds. Bot, run by @kat.",
    followers: 1500,
    following: 0,
  },
];

const SIGNUPS: { reason: string; email: string }[] = [
  { reason: "hi! friend sent me", email: "gmail.com" },
  { reason: "Moving here from the other place, I post about birds.", email: "posteo.de" },
  { reason: "local artist", email: "icloud.com" },
  { reason: "Ich wohne hier in der Stadt und möchte mitlesen.", email: "web.de" },
];

function signups(rng: Rng): CaseSpec[] {
  return SIGNUPS.map((s, i) => {
    const who = person(rng);
    return {
      atMs: 15 * DAY + i * 9 * MINUTE,
      account: {
        username: who.handle,
        displayName: rng.chance(0.5) ? who.name : "",
        avatar: false,
        ageMs: rng.int(2, 30) * MINUTE,
        email: `${who.handle.replace(/\./g, "")}@${s.email}`,
        ip: `100.65.${rng.int(2, 250)}.${rng.int(2, 250)}`,
        inviteRequest: s.reason,
        approved: false,
      },
      statuses: [],
    };
  });
}

export const TUNE_EXTRA_HAM: Family[] = [
  {
    name: "ham-newcomer",
    label: "ham",
    about: "newcomers who tag a link or list a messenger contact",
    build: (rng) => render(rng, NEWCOMERS, 16),
  },
  {
    name: "ham-scam-warning",
    label: "ham",
    about: "warnings that link an explainer or quote the phishing",
    build: (rng) => render(rng, WARNINGS, 17),
  },
  {
    name: "ham-longstanding",
    label: "ham",
    about: "shops, streamers and wallet owners posting tagged links",
    build: (rng) => render(rng, LONGSTANDING, 18),
  },
  {
    name: "ham-artist",
    label: "ham",
    about: "an artist whose fresh profile lists a messenger for commissions",
    build: (rng) => render(rng, ARTISTS, 19),
  },
  {
    name: "ham-activist",
    label: "ham",
    about: "an organiser's tagged link from a young account",
    build: (rng) => render(rng, ORGANISERS, 19.5),
  },
  {
    name: "ham-bot",
    label: "ham",
    about: "a deals bot: percentages off, links and hashtags, every day",
    build: (rng) => render(rng, BOTS, 20),
  },
  {
    name: "ham-signup",
    label: "ham",
    about: "short but genuine sign-up reasons",
    build: signups,
  },
];
