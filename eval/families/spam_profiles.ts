/** Spam that needs no status: payloads in the profile, and local sign-ups made for spam. */
import {
  type CaseSpec,
  DAY,
  type Family,
  HOUR,
  MINUTE,
  OPEN_SERVERS,
  person,
  randomHandle,
} from "./common.ts";

const PROFILES: { name: string; note: string; fields?: [string, string][]; alt?: string }[] = [
  {
    name: "Jessica 💋",
    note: "Lonely tonight? See my private photos 🔞 👉 https://hot-dates-now.example/r/22",
  },
  {
    name: "Crypto Signals VIP",
    note: "1000% gains every month. Join the VIP group now",
    fields: [["Telegram", "https://t.me/vip_signals_room"], [
      "Results",
      "https://signals-proof.example",
    ]],
  },
  {
    name: "Escort Service Berlin",
    note: "Diskret und exklusiv. Termine nur über WhatsApp",
    fields: [["WhatsApp", "+49 151 00000000"], ["Web", "https://escort-berlin.example"]],
  },
  {
    name: "",
    note: "",
    alt: "Scan the QR code to claim 500 USDT bonus, limited offer, visit claim-usdt.example",
  },
  {
    name: "Bonus Casino",
    note: "",
    fields: [["Play", "https://bonus-casino-play.example"], ["Code", "FREE200"]],
  },
  {
    name: "Anna",
    note: "18 y.o. 💕 my spicy page is in the links",
    fields: [["My page", "https://spicy-page.example/anna"]],
  },
  {
    name: "SEO Agency",
    note:
      "We build backlinks that rank. Guest posts from $20. Order now https://seo-ranking-agency.example",
  },
  {
    name: "ｆｒｅｅ ｍｏｎｅｙ",
    note: "ｅａｒｎ ＄５００ ｄａｉｌｙ ｆｒｏｍ ｈｏｍｅ ｈｔｔｐｓ://ｅａｓｙ-ｃａｓｈ.example",
  },
  {
    name: "Dr. Ray",
    note: "Buy Xanax, Oxycodone and Adderall online, no prescription, fast delivery",
    fields: [["Shop", "https://meds-online-shop.example"]],
  },
  {
    name: "Olga",
    note: "Ищу серьёзные отношения. Пиши в телеграм",
    fields: [["Telegram", "@olga_ishchet"]],
  },
  {
    name: "Investor Mike",
    note:
      "Forex and Bitcoin mining expert. Earn 20% weekly profit. Contact my manager on WhatsApp +1 213 555 0163",
  },
  {
    name: "",
    note:
      '<p><a href="https://pills-cheap.example"><span class="invisible">https://</span>pills-cheap.example</a> cheap cialis</p>',
  },
  {
    name: "Bet Tips",
    note: "Fixed matches 100% sure, VIP tips daily",
    fields: [["Join", "https://t.me/fixed_matches_vip"]],
  },
  {
    name: "Luna",
    note: "",
    alt: "Hot girls in your area want to meet you, visit my profile link",
    fields: [["💋", "https://meet-luna.example"]],
  },
  {
    name: "Casino Royal 🎰",
    note: "Спины бесплатно каждый день, бонус 300%",
    fields: [["Сайт", "https://casino-royal-ru.example"]],
  },
]; // deno-fmt-ignore

/** Accounts whose whole payload is their profile: bio, fields, or the avatar's description. */
const profileOnly: Family = {
  name: "profile-only",
  label: "spam",
  about: "Payload only in bio, profile fields or avatar description; no statuses",
  build(rng) {
    return PROFILES.map((p, i): CaseSpec => ({
      atMs: 1 * DAY + 3 * HOUR + i * 97 * MINUTE,
      account: {
        username: rng.chance(0.5) ? randomHandle(rng) : `${p.name.split(" ")[0].toLowerCase().replace(/[^a-z]/g, "") || "user"}${rng.int(100, 9999)}`,
        domain: rng.chance(0.6) ? rng.pick(OPEN_SERVERS) : null,
        displayName: p.name,
        note: p.note,
        fields: p.fields,
        avatarDescription: p.alt,
        ageMs: rng.int(1, 48) * HOUR,
        avatar: true,
        following: rng.int(0, 900),
        followers: rng.int(0, 5),
      },
      statuses: [],
    }));
  },
};

const REASONS = [
  "I want to promote my SEO agency and get backlinks to my website https://seo-agency-best.example",
  "Best online casino, visit https://casino-top.example for free spins",
  "good site",
  "I am interested in your website. Please check my website too: cheap-pills.example",
  "Hello, i want to join to share my business offers with your users",
  "hi",
  "Marketing",
  "Looking to advertise my crypto trading group, great profits",
  "I would like to make an account to promote my products",
  "Ich möchte meine Dienstleistungen bewerben",
  "Quiero promocionar mi tienda online",
  "nice community, I want to post our discount links here",
  "sdfsdfsdf",
  "Join my telegram channel for earning money",
  "hello admin please approve me",
  "I want to sell followers",
  "cool",
  "promote my brand",
]; // deno-fmt-ignore

// The throwaway domains are ones the maintained list carries, not a list of our own.
const THROWAWAY = [
  "mailinator.com", "yopmail.com", "guerrillamail.com", "sharklasers.com", "10minutemail.com",
  "maildrop.cc", "trashmail.com", "grr.la", "dropmail.me", "mail.tm",
]; // deno-fmt-ignore
const ORDINARY_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"];

/**
 * Local sign-ups made for spam: throwaway e-mail, a promotional or empty sign-up reason, several
 * from one address or /24 within an hour, usually awaiting approval with nothing posted yet.
 */
const signupSpam: Family = {
  name: "signup-spam",
  label: "spam",
  about: "Local sign-ups: throwaway e-mail domains, promotional reasons, many from one address",
  build(rng) {
    return REASONS.map((reason, i): CaseSpec => {
      const group = i % 3;
      const p = person(rng);
      const username = rng.chance(0.5)
        ? randomHandle(rng, 8, 11)
        : `${p.handle}${rng.int(100, 999)}`;
      const throwaway = group !== 2 || rng.chance(0.5);
      return {
        // Each third of the cases signs up within one hour, from one address or one /24.
        atMs: 2 * DAY + 12 * HOUR + group * 4 * HOUR + Math.floor(i / 3) * 7 * MINUTE,
        account: {
          username,
          domain: null,
          displayName: rng.chance(0.3) ? p.name : "",
          ageMs: rng.int(1, 5) * MINUTE,
          avatar: false,
          email: `${username}@${throwaway ? rng.pick(THROWAWAY) : rng.pick(ORDINARY_MAIL)}`,
          ip: group === 0
            ? "198.51.100.23"
            : group === 1
            ? `203.0.113.${rng.int(2, 250)}`
            : `192.0.2.${rng.int(2, 250)}`,
          inviteRequest: reason,
          confirmed: rng.chance(0.4),
          approved: false,
          applicationId: rng.chance(0.5) ? "7" : null,
        },
        statuses: [],
      };
    });
  },
};

/** The families of this file. */
export const PROFILE_FAMILIES: Family[] = [profileOnly, signupSpam];
