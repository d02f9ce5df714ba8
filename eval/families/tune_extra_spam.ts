/**
 * Spam written later for the tuning half only (see corpus.ts, TUNE_ONLY): variety the first
 * tuning cases lacked, in other wording, languages and obfuscations. Written without looking at
 * the test half; none of these texts, links or sign-up details appear in the other families.
 */
import type { Rng } from "../build.ts";
import {
  type CaseSpec,
  DAY,
  type Family,
  HOUR,
  mentions,
  MINUTE,
  OPEN_SERVERS,
  randomHandle,
} from "./common.ts";

/** One spam account: its age and profile, the text it posts, and how often. */
interface Pitch {
  text: string;
  ageH: number;
  copies?: number;
  name?: string;
  note?: string;
  fields?: [string, string][];
  avatarDescription?: string;
  avatar?: boolean;
  followers?: number;
  following?: number;
  local?: boolean;
  mention?: number;
  visibility?: "public" | "unlisted" | "direct";
  language?: string;
}

function render(rng: Rng, pitches: Pitch[], startDay: number): CaseSpec[] {
  return pitches.map((p, i) => ({
    atMs: startDay * DAY + i * 3 * HOUR + rng.int(0, 50) * MINUTE,
    account: {
      username: randomHandle(rng, 8, 12),
      domain: p.local ? null : rng.pick(OPEN_SERVERS),
      displayName: p.name ?? "",
      note: p.note,
      fields: p.fields,
      avatarDescription: p.avatarDescription,
      avatar: p.avatar ?? rng.chance(0.5),
      ageMs: p.ageH * HOUR,
      followers: p.followers ?? rng.int(0, 2),
      following: p.following ?? rng.int(5, 60),
    },
    statuses: p.text === "" ? [] : Array.from({ length: p.copies ?? 1 }, (_, k) => ({
      text: p.mention ? `${mentions(rng, p.mention)} ${p.text}` : p.text,
      agoMs: (k * rng.int(8, 30) + rng.int(1, 5)) * MINUTE,
      visibility: p.visibility ?? "public",
      language: p.language ?? "en",
    })),
  }));
}

const HIJACK: Pitch[] = [
  {
    text:
      "💸 Work from home and get paid 500€ a week, all you need is your phone → https://job-home.example/start #Mastodon #NewHere #introduction",
    ageH: 80,
  },
  {
    text:
      "Gana dinero desde casa, 200 dólares al día sin experiencia https://ganar-rapido.example #Fediverso #Fútbol #Música #Noticias",
    ageH: 60,
    language: "es",
  },
  {
    text:
      "Nur heute: das neue Smartphone für 1 € – jetzt sichern! https://handy-deal.example/aktion #Tatort #Bundesliga #Wetter",
    ageH: 216,
    language: "de",
  },
  {
    text:
      "Regardez tous les matchs en direct gratuitement, sans inscription https://foot-direct.example #Ligue1 #football #PSG #OM",
    ageH: 150,
    copies: 2,
    language: "fr",
  },
  {
    text:
      "Our VIP signals made 340% this month. Join for free today https://vip-signals-club.example #Bitcoin #Crypto #Ethereum #Solana #trading",
    ageH: 70,
  },
  {
    text:
      "Lose 12 kg in 3 weeks with this one weird trick, doctors hate it https://keto-burn.example #health #fitness #running #MondayMotivation",
    ageH: 312,
    avatar: true,
    followers: 1,
  },
  {
    text:
      "副業で月50万円稼げる方法を無料で公開中!今すぐチェック https://fukugyou-hiketsu.example #拡散希望 #副業 #在宅ワーク",
    ageH: 96,
    language: "ja",
  },
  {
    text:
      "Stream the final live in 4K, no sign-up needed → https://live-stream-hd.example/final #WorldCup #Eurovision #SuperBowl",
    ageH: 49,
    copies: 2,
  },
  {
    text:
      "200 bonus spins for new players, today only 🎰 https://spins-royale.example #MastoArt #Photography #CatsOfMastodon",
    ageH: 480,
    avatar: true,
  },
  {
    text:
      "Скидка 70% на всё, только сегодня! Успей купить https://sale-mega.example #новости #музыка #кино #погода",
    ageH: 100,
    language: "ru",
  },
];

const DRAINER: Pitch[] = [
  {
    text:
      "Wallet holders: the migration to v2 tokens closes tonight. Migrate your balance here ➜ https://v2-migrate.example",
    ageH: 30,
    copies: 3,
  },
  {
    text:
      "Support notice: to unfreeze your funds, enter your 12-word passphrase at https://wallet-restore.example",
    ageH: 70,
    mention: 2,
  },
  {
    text:
      "Airdrop exclusivo! Conecte sua carteira e resgate 500 USDT grátis https://resgate-usdt.example",
    ageH: 20,
    language: "pt",
  },
  {
    text:
      "Collega il tuo portafoglio per ricevere i tuoi token gratuiti prima della scadenza https://token-gratis.example",
    ageH: 100,
    language: "it",
  },
  {
    text:
      "Deine Wallet muss bis morgen synchronisiert werden, sonst verfallen deine Coins: https://wallet-abgleich.example",
    ageH: 60,
    language: "de",
  },
  {
    text: "𝗖𝗹𝗮𝗶𝗺 𝘆𝗼𝘂𝗿 𝗳𝗿𝗲𝗲 $SOL 𝗿𝗲𝘄𝗮𝗿𝗱𝘀 𝗻𝗼𝘄 ➜ https://solana-gift.example",
    ageH: 90,
    copies: 2,
  },
  {
    text:
      "To celebrate 10M users we are giving back 5,000 ETH. Participate with 0.1 to 10 ETH and receive twice the amount back https://eth-anniversary.example",
    ageH: 130,
    name: "Vitalik Buterin",
    avatar: true,
  },
  {
    text:
      "Ваш кошелёк отмечен для получения бонуса. Введите сид-фразу для подтверждения https://wallet-bonus.example",
    ageH: 40,
    language: "ru",
  },
  {
    text:
      "Tu billetera fue seleccionada: vincula tu wallet y recibe 300 USDT de recompensa https://recompensa-cripto.example",
    ageH: 110,
    language: "es",
  },
  {
    text:
      "Suspicious approvals were detected on your address. Revoke them now before your assets are drained: https://revoke-approvals.example",
    ageH: 75,
    mention: 3,
  },
];

const PROFILE: Pitch[] = [
  {
    text: "",
    ageH: 26,
    name: "Account Manager Lisa",
    note: "Certified forex account manager. Weekly payouts to all my clients.",
    fields: [["WhatsApp", "+44 7700 900123"]],
  },
  {
    text: "",
    ageH: 60,
    name: "Kira 💕",
    avatarDescription: "Lonely tonight? Chat with me on my private page",
    fields: [["💌", "https://kira-private.example"]],
    following: 300,
  },
  {
    text: "",
    ageH: 90,
    name: "Valeria",
    note: "Busco una relación seria 💕 escríbeme",
    fields: [["WhatsApp", "+34 600 111 222"]],
  },
  {
    text: "",
    ageH: 40,
    name: "Krypto Berater",
    note: "30% Rendite pro Monat, garantiert. Schreib mir für Infos.",
    fields: [["Telegram", "@krypto_berater_de"]],
  },
  {
    text: "",
    ageH: 120,
    name: "ゆな",
    note: "真剣な出会いを探しています。連絡はLINEで",
    fields: [["LINE", "yuna_0123"]],
  },
  {
    text: "",
    ageH: 15,
    name: "Escort Service Berlin 💋",
    fields: [["Booking", "https://berlin-booking.example"]],
  },
  {
    text: "",
    ageH: 70,
    name: "Thesis Help 24/7",
    note:
      "We write your dissertation or thesis, plagiarism-free, any deadline. Order: https://thesis-writers.example",
  },
  {
    text: "",
    ageH: 100,
    name: "Quick Loans",
    note: "Loans approved in 5 minutes, no credit check!",
    fields: [["Apply", "https://fast-loan-now.example"]],
  },
  {
    text: "",
    ageH: 140,
    name: "Investissement Pro",
    note: "Doublez votre capital en 7 jours, rendement garanti.",
    fields: [["Contact", "https://wa.me/33600000000"]],
  },
  {
    text: "",
    ageH: 50,
    avatarDescription: "Buy Ozempic and semaglutide online without prescription, discreet shipping",
    fields: [["Shop", "https://slim-pharmacy.example"]],
  },
];

export const TUNE_EXTRA_SPAM: Family[] = [
  {
    name: "hashtag-hijack",
    label: "spam",
    about: "promotions posted into busy hashtags from accounts a few days to weeks old",
    build: (rng) => render(rng, HIJACK, 8),
  },
  {
    name: "crypto-drainer",
    label: "spam",
    about: "wallet drainers with other wording, languages and styled letters",
    build: (rng) => render(rng, DRAINER, 9),
  },
  {
    name: "profile-only",
    label: "spam",
    about: "profiles whose payload sits in the bio, fields or avatar description, no statuses",
    build: (rng) => render(rng, PROFILE, 10),
  },
];
