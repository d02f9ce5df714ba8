/** Hard ham: other languages, disclosed bots, shortened links, old accounts, real sign-ups. */
import { type CaseSpec, DAY, type Family, HOUR, MINUTE, person } from "./common.ts";
import { human } from "./ham_people.ts";

const LANGS: [string, string][] = [
  ["de", "Heute endlich den Balkon bepflanzt. Tomaten, Basilikum und ein bisschen Hoffnung 🌱"],
  ["de", "Die Bahn hat mal wieder 40 Minuten Verspätung. Ich lese jetzt einfach weiter."],
  [
    "de",
    "Kennt jemand eine gute Einführung in Rust auf Deutsch? Danke fürs Teilen! https://rust-lernen.example",
  ],
  ["de", "Unser Verein sucht noch Helfer für das Sommerfest am Samstag. Meldet euch gern!"],
  ["fr", "Le marché de ce matin était magnifique, les premières fraises sont arrivées !"],
  [
    "fr",
    "Quelqu'un a des conseils pour apprendre le japonais ? J'ai commencé il y a deux semaines.",
  ],
  [
    "fr",
    "Nouvel article sur mon blog à propos des logiciels libres à l'école https://blog.example/libre",
  ],
  ["fr", "Grève des transports demain, pensez à vous organiser."],
  ["ja", "今日は雨なので家でパンを焼きました。うまくできた!"],
  ["ja", "新しいキーボードが届いた。打ち心地が最高です。"],
  ["ja", "週末に京都へ行ってきました。紅葉がきれいでした #写真"],
  ["ja", "プログラミングの勉強会、来週もやります。初心者歓迎です"],
  ["es", "Hoy he terminado de leer 'Cien años de soledad'. Qué libro tan bonito."],
  ["es", "¿Alguien sabe dónde comprar semillas de tomate antiguas en Madrid?"],
  ["es", "Mi gata ha decidido que mi teclado es su cama. #gatos"],
  ["es", "Charla sobre software libre este jueves en la biblioteca, ¡venid!"],
  ["ru", "Сегодня первый снег! Дети в восторге, я — не очень."],
  ["ru", "Дочитал книгу о истории математики, очень рекомендую."],
  ["ru", "Кто-нибудь пробовал собирать свой синтезатор? Поделитесь опытом"],
  ["ru", "Выложил фотографии с прогулки по лесу https://photos.example/les"],
  ["ar", "صباح الخير! القهوة جاهزة واليوم جميل"],
  ["ar", "انتهيت اليوم من قراءة رواية رائعة، أنصح بها الجميع"],
  ["ar", "هل يعرف أحد دورة جيدة لتعلم البرمجة باللغة العربية؟"],
  ["ar", "صور من رحلتي إلى البحر الأحمر #تصوير"],
]; // deno-fmt-ignore

/** People posting in German, French, Japanese, Spanish, Russian and Arabic. */
const multilingual: Family = {
  name: "ham-multilingual",
  label: "ham",
  about: "Non-English speakers (de, fr, ja, es, ru, ar), new and old accounts",
  build(rng) {
    return LANGS.map(([lang, text], i): CaseSpec => ({
      atMs: 0.5 * DAY + i * 41 * MINUTE,
      account: human(rng, rng.chance(0.3) ? rng.int(1, 30) * HOUR : rng.int(30, 2000) * DAY, { locale: lang, note: "" }),
      statuses: Array.from({ length: rng.int(1, 3) }, (_, k) => ({
        text: k === 0 ? text : LANGS.filter(([l]) => l === lang)[rng.int(0, 3)][1],
        agoMs: k * rng.int(30, 300) * MINUTE,
        language: lang,
      })),
    }));
  },
};

const FEEDS = [
  [
    "Weather Bot",
    "Hourly weather for Bremen. Automated, run by @ola@social.example",
    "Bremen: 7°C, light rain, wind 20 km/h from W",
  ],
  [
    "Arxiv cs.CL",
    "I post new arXiv cs.CL papers. Bot. Maintainer: @sam@scholar.example",
    "New paper: Efficient tokenisation for low-resource languages https://arxiv.example/abs/2611.01234",
  ],
  [
    "Tagesschau Feed",
    "Inoffizieller Bot, postet Schlagzeilen. Betrieben von @tobi@troet.example",
    "Bundestag beschließt Haushalt https://news.example/haushalt-2027",
  ],
  [
    "Release Bot",
    "Announces new releases of the project. Automated.",
    "v4.2.1 released: fixes crash on startup https://git.example/project/releases/v4.2.1",
  ],
  [
    "Earthquake Alerts",
    "Automated alerts from seismic feeds, M4+ only. Bot account.",
    "M4.6 earthquake, 32 km SW of the coast, depth 10 km https://quake.example/ev/8812",
  ],
  [
    "Daily Kanji",
    "毎日漢字をひとつ投稿するボットです",
    "今日の漢字:森(もり) forest https://kanji.example/森",
  ],
  [
    "Bird Photos Bot",
    "Posts a random bird photo from the archive every 2 hours. Bot.",
    "Eurasian blue tit, photographed in 2019 https://birds.example/p/211",
  ],
  [
    "CVE Feed",
    "New CVEs with CVSS ≥ 7. Automated. Not affiliated.",
    "CVE-2026-41234 (CVSS 9.8): remote code execution in a web server https://cve.example/CVE-2026-41234",
  ],
  [
    "Blog Mirror",
    "Mirror of my blog posts. I'm a bot; the human is @kat@toot.example",
    "New post: How I repaired my washing machine https://blog.example/washing-machine",
  ],
  [
    "Train Delays",
    "Delays on line S3, automated from the open data feed",
    "S3 delayed 12 min due to signal failure https://transit.example/s3",
  ],
  [
    "Word of the Day",
    "A bot that posts one word a day. Run by @linnea@norden.example",
    "Word of the day: petrichor — the smell of rain on dry earth",
  ],
  [
    "Podcast Feed",
    "New episodes of our podcast. Automated posting.",
    "Episode 112: the history of the bicycle https://pod.example/112",
  ],
  [
    "Git Commits",
    "Commits to main, posted by a bot",
    "fix: handle empty config file (#2231) https://git.example/commit/ab12cd",
  ],
  ["Moon Phase", "Moon phase every evening. 🌙 bot", "Waxing gibbous, 82% illuminated"],
  [
    "Museum Object",
    "One object from the open collection every day. Bot run by the museum.",
    "Bronze mirror, 2nd century https://museum.example/object/44102",
  ],
]; // deno-fmt-ignore

/** Disclosed bots: feeds posting links on a schedule, some in bursts when their feed updates. */
const bots: Family = {
  name: "ham-bot",
  label: "ham",
  about: "Disclosed bots: feeds posting links on a schedule, some in bursts",
  build(rng) {
    return FEEDS.map(([name, note, text], i): CaseSpec => {
      const burst = i % 4 === 0;
      return {
        atMs: 1.5 * DAY + i * 53 * MINUTE,
        account: human(rng, rng.int(20, 1500) * DAY, { displayName: name, note, bot: true, followers: rng.int(10, 3000), following: 0 }),
        statuses: Array.from({ length: burst ? rng.int(8, 12) : rng.int(3, 8) }, (_, k) => ({
          text: text.replace(/(\d+)/, (d) => String(Number(d) + k)),
          agoMs: k * (burst ? rng.int(5, 40) * 1000 : rng.int(40, 120) * MINUTE),
          visibility: rng.chance(0.5) ? "unlisted" as const : "public" as const,
        })),
      };
    });
  },
};

const SHORT = [
  "Great talk on community moderation, worth the hour: https://youtu.be/Xk3p9QmZ2aA",
  "Sign-up form for the repair café volunteers: https://forms.gle/8sQm2KxYwVtE",
  "The slides from my talk are here https://bit.ly/modslides26",
  "Our survey on bike commuting closes Friday, please share: https://tinyurl.com/bikesurvey26",
  "Registration for the meetup is open https://t.ly/meetup-nov",
  "Found this lovely recipe for plum cake https://is.gd/plumcake",
  "Short link to our fundraiser so it fits on the poster: https://bit.ly/gardenfund",
  "The city's consultation on the new tram line: https://tinyurl.com/tramconsult",
  "Conference CFP closes in a week! https://buff.ly/3CfpOpen",
  "Here's the map for Saturday's walk https://goo.gl/maps/aB3dE5",
  "My new song on the usual platforms: https://linktr.ee/marasounds",
  "Das Video vom Vortrag ist online: https://youtu.be/Qw8e7RtY1uI",
  "La pétition pour la piste cyclable : https://bit.ly/petition-velo",
  "資料はこちらです https://bit.ly/benkyoukai-slides",
  "If you missed the stream, the VOD is here https://t.ly/vod-nov",
]; // deno-fmt-ignore

/** People sharing links through URL shorteners, including some young accounts. */
const shorteners: Family = {
  name: "ham-shortener",
  label: "ham",
  about: "People sharing links through URL shorteners",
  build(rng) {
    return SHORT.map((text, i): CaseSpec => ({
      atMs: 2.5 * DAY + i * 37 * MINUTE,
      account: human(rng, rng.chance(0.3) ? rng.int(1, 5) * DAY : rng.int(60, 2000) * DAY),
      statuses: [
        { text, agoMs: rng.int(1, 20) * MINUTE },
        ...(rng.chance(0.5) ? [{ text: "Morning everyone ☕", agoMs: 5 * HOUR }] : []),
      ],
    }));
  },
};

const OLD = [
  "Ten years on this server today. Thanks for all the fish 🐟",
  "Reminder: backups are only real if you've tried restoring them.",
  "Our kid lost her first tooth and asked if the tooth fairy accepts crypto. Parenting in 2026.",
  "New blog post: a year of running a small Mastodon server, costs and lessons https://blog.example/year-one",
  "Hot take: the best text editor is the one you stop configuring.",
  "Photos from the mountains last weekend #photography #hiking #alps",
  "Boosting this fundraiser for the local shelter https://shelter.example/donate #dogs",
  "I'm giving away my old sci-fi paperbacks, free to a good home, Leipzig only.",
  "Reading group this month: The Dispossessed. Who's in? @ana@mastodon.example @petra@social.example",
  "Free Linux install party on Saturday at the library! Bring your laptop #linux #FOSS",
  "Sale: my handmade mugs are 20% off this week https://shop.example/mugs",
  "Giveaway! I have two spare tickets for the concert, reply if you want them.",
  "Reminder that our server's donation page is here https://town.example/donate, thank you!",
  "Crypto is mostly a scam, change my mind. (Don't.)",
  "Thread on how we handled the spam wave as a small instance 🧵 #MastoAdmin",
]; // deno-fmt-ignore

/** Long-standing accounts: old, many statuses, ordinary mixes of links, tags and giveaways. */
const longstanding: Family = {
  name: "ham-longstanding",
  label: "ham",
  about: "Long-standing accounts with ordinary links, tags, sales and giveaways",
  build(rng) {
    return OLD.map((text, i): CaseSpec => ({
      atMs: 3.5 * DAY + i * 29 * MINUTE,
      account: human(rng, rng.int(400, 3000) * DAY, { statuses: rng.int(800, 30000), followers: rng.int(100, 4000) }),
      statuses: [
        { text, agoMs: rng.int(1, 30) * MINUTE },
        { text: OLD[(i + 3) % OLD.length], agoMs: rng.int(1, 5) * DAY },
      ],
    }));
  },
};

const SIGNUP_REASONS = [
  "I'm a teacher in town and a friend on here recommended the server. I'd like to follow local news.",
  "Ich wohne hier und möchte mich mit Nachbarn austauschen.",
  "Hi! I'm leaving the big platforms and want a local home. I mostly post about cycling.",
  "Je suis étudiante et je cherche une communauté locale.",
  "My sister is already here (@lena). I'm into board games and baking.",
  "Joining for the local climate group, they said to sign up here.",
  "Looking forward to being part of a smaller community. I read the rules and agree.",
  "I run the bakery on Main Street and would like to post our opening hours and specials now and then.",
  "Our workshop today: the trainer asked us all to sign up here.",
  "Our workshop today: we're learning about the fediverse at the library.",
  "Workshop at the library, signing up with the group.",
  "Library workshop participant.",
  "Quiero seguir a la gente de mi ciudad.",
  "I'm a photographer and want to share my pictures with people nearby.",
  "hello, I would like to join please",
  "Retired engineer, local history nerd.",
]; // deno-fmt-ignore
const MAIL = ["gmail.com", "posteo.de", "proton.me", "mailbox.org", "outlook.com", "duck.com", "gmx.de", "icloud.com"];

/**
 * Real local sign-ups: ordinary reasons, e-mail providers (a forwarding alias among them), and a
 * library workshop whose participants all sign up from one address within the hour.
 */
const signups: Family = {
  name: "ham-signup",
  label: "ham",
  about: "Real local sign-ups, including a workshop signing up together from one address",
  build(rng) {
    return SIGNUP_REASONS.map((reason, i): CaseSpec => {
      const p = person(rng);
      const workshop = i >= 8 && i <= 11;
      return {
        atMs: workshop ? 3 * DAY + 14 * HOUR + (i - 8) * 6 * MINUTE : 0.3 * DAY + i * 131 * MINUTE,
        account: {
          username: p.handle,
          domain: null,
          displayName: rng.chance(0.5) ? p.name : "",
          ageMs: rng.int(1, 20) * MINUTE,
          avatar: false,
          email: `${p.handle.replace(/\./g, "")}@${rng.pick(MAIL)}`,
          ip: workshop ? "192.0.2.200" : `198.18.${rng.int(0, 255)}.${rng.int(1, 254)}`,
          inviteRequest: reason,
          confirmed: rng.chance(0.7),
          approved: false,
        },
        statuses: [],
      };
    });
  },
};

/** The families of this file. */
export const OTHER_FAMILIES: Family[] = [multilingual, bots, shorteners, longstanding, signups];
