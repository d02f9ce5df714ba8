/** Spam that reaches people by mentioning them: the February 2024 wave, art scams, DM scams. */
import {
  type CaseSpec,
  DAY,
  type Family,
  HOUR,
  mentions,
  MINUTE,
  OPEN_SERVERS,
  person,
  randomHandle,
} from "./common.ts";

// One picture, posted by every account of the wave (its blurhash is all the engine sees).
const WAVE_IMAGE = "U5Ci,:~q00Rj_3t7IUWB00ay~qay9FRj%Mj[";
const WAVE_LINES = [
  "",
  "",
  "",
  "拡散希望",
  "見てね",
  "この画像を広めて",
  "みんな見て",
  "ここに集まれ",
  "管理者は何もしない",
  "https://discord.example/invite/kq7Zp2",
  "",
  "これを見ろ",
  "参加しよう https://discord.example/invite/kq7Zp2",
  "",
  "look",
  "",
  "お知らせ",
  "",
  "🙂",
  "",
]; // deno-fmt-ignore

/**
 * February 2024: throwaway accounts with random ten-letter names on servers with open
 * registrations, each posting the same image at one or two strangers within minutes.
 */
const wave2024: Family = {
  name: "mention-wave-2024",
  label: "spam",
  about: "Feb 2024 wave: fresh random-name accounts on open servers, one image, strangers mentioned",
  build(rng) {
    return WAVE_LINES.map((line, i): CaseSpec => {
      const posts = rng.int(1, 3);
      return {
        atMs: 3 * DAY + i * 2 * MINUTE,
        account: {
          username: randomHandle(rng, 10, 10),
          domain: rng.pick(OPEN_SERVERS),
          ageMs: rng.int(3, 40) * MINUTE,
          avatar: false,
          following: rng.int(0, 2),
        },
        statuses: Array.from({ length: posts }, (_, p) => ({
          text: `${mentions(rng, rng.int(1, 2))} ${line}`.trim(),
          agoMs: p * rng.int(20, 90) * 1000,
          language: rng.chance(0.5) ? "ja" : null,
          media: [{ blurhash: WAVE_IMAGE, description: rng.chance(0.2) ? "image" : "" }],
        })),
      };
    });
  },
};

const ART_PITCHES = [
  "Hi! I came across your gallery and I'm blown away. I'd like to commission a portrait of my late grandmother as an anniversary gift for my mom. Budget is $650, can you email me at collector.harold@mail.example ?",
  "Hello dear artist, I am interested in buying one of your pieces for my new office. Please contact me on my email so we can discuss price and shipping.",
  "Good day! Your work would make a stunning NFT collection. We already have buyers lined up on our marketplace, mint it with us and get 2.4 ETH on the first sale. DM me!",
  "hey there 👋 love your style!! we are curating artists for a limited NFT drop, royalties 10%, no upfront cost. check our page and message me for details",
  "Hello, I want to purchase your artwork as NFT. I'm offering 1.8 ETH. Kindly reply so I can tell you how to list it.",
  "Hi, I'm looking for an artist to illustrate a children's book (24 pages). Budget around $3,000. I can pay by cheque in advance, reach me on Telegram @bookproject_anne",
  "Hola! Me encanta tu arte. Quiero encargarte una obra para el cumpleaños de mi esposa, pago bien. Escríbeme por correo por favor.",
  "Bonjour, votre travail est magnifique ! J'aimerais vous commander une illustration pour ma fille, budget 500 €. Contactez-moi par e-mail.",
  "Hallo! Deine Bilder sind toll. Ich möchte ein Porträt bei dir in Auftrag geben, Budget 700 €. Schreib mir bitte auf Telegram.",
  "Hi, my name is Daniel and I run an art gallery in Dubai. I want to buy your art for our collection, how much for the whole series? email me",
  "Your art deserves more exposure ✨ we turn artworks into NFTs and promote them to 20k collectors. Whitelist spots open, DM to claim yours.",
  "hello, are you open for commission?? I want a big piece for my brother, money is not a problem. reply to me on whatsapp +1 415 555 0142",
  "こんにちは!あなたの作品が大好きです。NFTとして購入したいので、DMください。",
  "Hi artist! I would like to commission you for a surprise gift. I'll pay upfront plus extra, contact me at my email: gift.buyer77@mail.example",
  "Greetings, I represent a collector who wants to acquire your piece as an NFT for 3 ETH. Please message me privately to proceed.",
  "Привет! Очень нравятся ваши работы. Хочу купить картину как NFT, напишите мне в личку.",
]; // deno-fmt-ignore

/** Commission and NFT scams sent by mention to artists, from accounts made for it. */
const commissionNft: Family = {
  name: "commission-nft",
  label: "spam",
  about: "Art commission and NFT-buyer scams sent by mention to artists from fresh accounts",
  build(rng) {
    return ART_PITCHES.map((pitch, i): CaseSpec => {
      const p = person(rng);
      const artist = rng.pick(["inkfox@art.example", "paintedsky@mastodon.art.example", "lino@illustrators.example"]);
      return {
        atMs: 1 * DAY + i * 47 * MINUTE,
        account: {
          username: rng.chance(0.5) ? p.handle + rng.int(10, 99) : randomHandle(rng),
          domain: rng.chance(0.7) ? rng.pick(OPEN_SERVERS) : null,
          displayName: rng.chance(0.6) ? p.name : "",
          ageMs: rng.int(1, 60) * HOUR,
          avatar: rng.chance(0.4),
          following: rng.int(0, 30),
          followers: rng.int(0, 3),
        },
        statuses: [{
          text: `@${artist} ${pitch}`,
          agoMs: rng.int(1, 20) * MINUTE,
          visibility: rng.pick(["direct", "public", "unlisted"] as const),
        }],
      };
    });
  },
};

const DM_OPENERS = [
  "Hello dear, how are you doing today? I saw your profile and I'd like us to be friends. I'm not often here, please text me on Telegram: @sweet_elena92",
  "Hi handsome 😘 I'm Lily, 27, new in your city. Add me on Telegram @lily_in_town so we can chat more privately",
  "Good evening, sorry to bother you. I'm a widow and work as a financial consultant. I'd love to get to know you, my WhatsApp is +44 7700 900312",
  "Hi! I made $8,400 last week trading with an expert mentor. She only takes a few new students, message her on Telegram @mentor_grace_fx and say I sent you",
  "Hey, I hope you're fine. I'm looking for a serious partner for a long-term relationship. Write me on telegram, I'll send photos: @anya_serious",
  "Hello friend, do you know about Bitcoin mining? I earn 15% daily profit with my account manager. Contact him on WhatsApp +1 202 555 0178",
  "Hallo, wie geht's dir? Ich bin neu hier und suche nette Leute. Schreib mir lieber bei Telegram: @marie_herz",
  "Bonjour, j'ai vu ton profil et tu as l'air gentil. Je n'utilise pas beaucoup cette appli, écris-moi sur Telegram @claire_douce",
  "Hola cariño, ¿cómo estás? Quiero conocerte mejor. Escríbeme por WhatsApp +34 600 000 412",
  "Привет! Давай познакомимся? Здесь редко бываю, пиши в телеграм @katya_love",
  "hi, investment opportunity: turn $500 into $5,000 in 7 days with our forex signals. join us on t.me/profitsignals_vip",
  "Dear, I am Captain James from the UN peacekeeping mission. I have a private matter to discuss, contact me on WhatsApp +1 646 555 0190",
  "hey 🙂 you seem nice. my friend showed me a way to earn passive income from crypto, dm me on telegram @passive_jenny and I'll explain",
  "こんにちは、お友達になりませんか?LINEかテレグラムで話しましょう @yui_chat",
]; // deno-fmt-ignore

/** "Text me on Telegram": romance and investment scams opened by a direct mention. */
const dmTelegram: Family = {
  name: "dm-telegram",
  label: "spam",
  about: "Romance and investment scams moving the target to Telegram or WhatsApp, sent as DMs",
  build(rng) {
    return DM_OPENERS.map((text, i): CaseSpec => {
      const p = person(rng);
      return {
        atMs: 2 * DAY + i * 71 * MINUTE,
        account: {
          username: p.handle + rng.int(80, 99),
          domain: rng.chance(0.6) ? rng.pick(OPEN_SERVERS) : null,
          displayName: p.name.split(" ")[0] + rng.pick(["", " 🌸", " ❤️", ""]),
          note: rng.chance(0.3) ? "Love life, travel and good people" : "",
          ageMs: rng.int(2, 120) * HOUR,
          avatar: true,
          following: rng.int(20, 300),
          followers: rng.int(0, 4),
        },
        statuses: Array.from({ length: rng.int(1, 2) }, (_, k) => ({
          text: `${mentions(rng, 1)} ${text}`,
          agoMs: k * rng.int(5, 40) * MINUTE,
          visibility: rng.chance(0.8) ? "direct" as const : "public" as const,
        })),
      };
    });
  },
};

/** The families of this file. */
export const MENTION_FAMILIES: Family[] = [wave2024, commissionNft, dmTelegram];
