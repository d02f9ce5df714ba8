/**
 * More tuning-half-only spam (see corpus.ts, TUNE_ONLY): staff phishing on look-alike hosts and
 * in other languages, the first accounts of promotion floods, and sign-ups in other languages.
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

interface Phish {
  name: string;
  text: string;
  language: string;
}

const PHISH: Phish[] = [
  {
    name: "Mastodon Support Team",
    text:
      "Action required: your account is scheduled for removal. Confirm ownership within 24 hours: https://joinmastodon-support.org/verify",
    language: "en",
  },
  {
    name: "Moderation",
    text:
      "Hi, this is the moderation team. Several reports were filed against your profile, please review them here: https://rnastodon.social/reports/4471",
    language: "en",
  },
  {
    name: "Mastodon Sicherheit",
    text:
      "Ihr Konto wurde vorübergehend eingeschränkt. Bestätigen Sie Ihre Identität: https://mastodon-konto-hilfe.example",
    language: "de",
  },
  {
    name: "Équipe Mastodon",
    text:
      "Votre compte sera supprimé sous 48 h. Connectez-vous pour le conserver : https://mastodon-fr-securite.example",
    language: "fr",
  },
  {
    name: "Supporto Mastodon",
    text:
      "Il tuo account verrà sospeso per attività insolite. Accedi per verificare: https://verifica-account-mastodon.example",
    language: "it",
  },
  {
    name: "Suporte",
    text:
      "Sua conta será desativada hoje. Faça login para manter seu perfil: https://mastodon-suporte.example/login",
    language: "pt",
  },
  {
    name: "運営チーム",
    text:
      "お客様のアカウントは制限されました。こちらからログインして解除してください https://mastodon-jp-login.example",
    language: "ja",
  },
  {
    name: "Town Admins",
    text:
      "We noticed a login from a new device. If this wasn't you, reset your password immediately: https://town.example.account-reset.com/reset",
    language: "en",
  },
  {
    name: "Safety",
    text:
      "Your DMs were reported for spam. To keep messaging, complete the verification within 12 hours: https://safety-check.example/dm",
    language: "en",
  },
  {
    name: "Поддержка",
    text:
      "Ваш аккаунт будет удалён. Войдите, чтобы подтвердить, что вы владелец: https://mastodon-podderzhka.example",
    language: "ru",
  },
];

function phishing(rng: Rng): CaseSpec[] {
  return PHISH.map((p, i) => ({
    atMs: 11 * DAY + i * 2 * HOUR,
    account: {
      username: rng.pick(["notice", "support", "safety", "team"]) + "_" + rng.token(4),
      domain: rng.pick(OPEN_SERVERS),
      displayName: p.name,
      avatar: rng.chance(0.6),
      ageMs: rng.int(3, 120) * HOUR,
      followers: rng.int(0, 8),
      following: rng.int(20, 300),
    },
    statuses: Array.from({ length: rng.int(1, 3) }, (_, k) => ({
      text: `${mentions(rng, 1)} ${p.text}`,
      agoMs: (k * rng.int(3, 12) + 1) * MINUTE,
      visibility: rng.pick(["direct", "unlisted", "public"] as const),
      language: p.language,
    })),
  }));
}

/** Two floods whose first accounts arrive before any counter could reach its K. */
const FLOODS = [
  {
    text:
      "Get 3 months of StreamMax Premium free, only a few spots left: https://streammax-offer.example/free",
    language: "en",
  },
  {
    text:
      "Nouveau : la crème qui efface 10 ans de rides en 2 semaines ➜ https://creme-miracle.example/essai",
    language: "fr",
  },
  {
    text:
      "Die besten Gutscheine des Tages: bis zu 85 % Rabatt https://gutschein-welt.example/heute",
    language: "de",
  },
];

function floods(rng: Rng): CaseSpec[] {
  const out: CaseSpec[] = [];
  FLOODS.forEach((f, n) => {
    for (let i = 0; i < 4; i++) {
      out.push({
        atMs: (12 + n) * DAY + i * 6 * MINUTE,
        account: {
          username: randomHandle(rng),
          domain: rng.pick(OPEN_SERVERS),
          displayName: rng.chance(0.5) ? "" : rng.pick(["Top Deals", "Angebote", "Offres"]),
          avatar: false,
          ageMs: rng.int(10, 100) * MINUTE,
          following: rng.int(0, 10),
        },
        statuses: Array.from({ length: rng.int(1, 3) }, (_, k) => ({
          text: f.text,
          agoMs: (k * 4 + 1) * MINUTE,
          language: f.language,
        })),
      });
    }
  });
  return out;
}

const SIGNUPS: { reason: string; email: string; ip?: string }[] = [
  { reason: "i want join", email: "gmail.com", ip: "100.64.7.20" },
  { reason: "Hello, I am SEO expert offering my services to your members", email: "gmail.com" },
  { reason: "plz approve", email: "guerrillamail.com", ip: "100.64.7.20" },
  { reason: "Ich will hier Werbung für meinen Onlineshop machen", email: "web.de" },
  { reason: "Quiero anunciar mis productos aquí", email: "outlook.es" },
  { reason: "Je veux vendre mes produits à vos membres", email: "laposte.net" },
  { reason: "привет", email: "mail.ru", ip: "100.64.7.20" },
  {
    reason: "I love this site very much and want to join your great community",
    email: "guerrillamail.com",
  },
  { reason: "looking for customers for my crypto trading group", email: "gmail.com" },
  { reason: "good", email: "emailondeck.com" },
];

function signups(rng: Rng): CaseSpec[] {
  return SIGNUPS.map((s, i) => {
    const username = randomHandle(rng, 8, 11);
    return {
      atMs: 14 * DAY + i * 7 * MINUTE,
      account: {
        username,
        displayName: "",
        avatar: false,
        ageMs: rng.int(2, 30) * MINUTE,
        email: `${username}@${s.email}`,
        ip: s.ip ?? `100.64.${rng.int(8, 250)}.${rng.int(2, 250)}`,
        inviteRequest: s.reason,
        approved: false,
      },
      statuses: [],
    };
  });
}

export const TUNE_EXTRA_WAVES: Family[] = [
  {
    name: "staff-phishing",
    label: "spam",
    about: "staff phishing in more languages, on look-alike hosts of Mastodon and the server",
    build: phishing,
  },
  {
    name: "promo-flood",
    label: "spam",
    about: "the first accounts of promotion floods, before counters reach their K",
    build: floods,
  },
  {
    name: "signup-spam",
    label: "spam",
    about: "sign-up requests in other languages and with other throwaway addresses",
    build: signups,
  },
];
