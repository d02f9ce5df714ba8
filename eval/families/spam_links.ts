/** Spam that sells: link spam, follower selling, floods of one promotion, hijacked hashtags. */
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

const LINK_SPAM = [
  "Best online casino of 2026 — 200% welcome bonus + 50 free spins ➜ https://spinpalace-bonus.example/?aff=fedi",
  "Buy c1alis and v1agra online without prescription, discreet shipping worldwide https://rx-discount.example",
  "Need backlinks? DA50+ guest posts on real sites, cheap and fast. Order: https://seo-linkfarm.example/packages",
  "Online Casino ohne Limit – 500 € Bonus sofort, jetzt spielen: https://casino-ohne-limit.example",
  "ｃａｓｉｎｏ ｂｏｎｕｓ ｃｏｄｅ ｆｏｒ ｎｅｗ ｐｌａｙｅｒｓ https://t.ly/Kq2pZ",
  "Лучшее онлайн казино, бонус на первый депозит 300% https://kazino-bonus.example",
  "Apuestas deportivas con cuota mejorada, regístrate y recibe 100€ https://apuestas-ya.example",
  "Cheap essay writing service — plagiarism free, deadline 3 hours: https://essay-rush.example",
  "vi\u200bag\u200bra 100mg best price, no doctor needed → https://bit.ly/4vPhx2a",
  "Top 10 slot sites with no deposit bonus, updated daily https://slots-ranked.example/no-deposit",
  "Boost your Google ranking in 7 days 🚀 white-hat SEO, 1000+ backlinks https://rankfast-seo.example",
  "сasino rоyale bоnus — free spins every day https://royal-spins.example",
  '<p>Great article! <a href="https://pills-now.example/tramadol">read more</a> <span style="display:none">tramadol without prescription</span></p>',
  "Weight loss pills that really work, lose 10kg in a month! Order today: https://slim-fast-pills.example",
  "Online-Apotheke ohne Rezept: Potenzmittel günstig bestellen https://apotheke-ohne-rezept.example",
  "Crypto casino: deposit BTC, win instantly, withdraw in 5 minutes https://btc-slots.example",
]; // deno-fmt-ignore

/** SEO, casino and pharma link spam, in several languages and obfuscations. */
const linkSpam: Family = {
  name: "seo-casino-pharma",
  label: "spam",
  about: "SEO, casino and pharmacy link spam: fullwidth, homoglyphs, zero-width, hidden HTML",
  build(rng) {
    return LINK_SPAM.map((text, i): CaseSpec => ({
      atMs: 1 * DAY + 14 * HOUR + i * 53 * MINUTE,
      account: {
        username: rng.chance(0.5) ? randomHandle(rng) : `${rng.pick(["best", "top", "cheap", "win"])}${rng.pick(["deals", "bonus", "offers", "store"])}${rng.int(1, 99)}`,
        domain: rng.chance(0.6) ? rng.pick(OPEN_SERVERS) : null,
        displayName: rng.pick(["", "Deals", "Bonus Hub", "Health Store", "SEO Pro"]),
        note: rng.chance(0.4) ? "Best offers every day" : "",
        ageMs: rng.int(1, 100) * HOUR,
        avatar: rng.chance(0.5),
        following: rng.int(0, 40),
        followers: rng.int(0, 3),
      },
      statuses: Array.from({ length: rng.int(1, 4) }, (_, p) => ({
        text: p > 0 && rng.chance(0.4) ? `${mentions(rng, 2)} ${text}` : text,
        agoMs: p * rng.int(4, 60) * MINUTE,
        visibility: rng.chance(0.8) ? "public" as const : "unlisted" as const,
      })),
    }));
  },
};

const SELLING = [
  "Grow your Mastodon audience fast: 1,000 genuine followers for $9.99, delivered in 24h https://fedigrow.example",
  "Boosts and favourites packages for your toots 🔥 500 boosts from active accounts: https://tootboost.example/shop",
  "Want your posts to go viral? We promote your toots to 50k+ fediverse users. Plans from $5: https://viral-fedi.example",
  "Compra seguidores reales para Mastodon, Instagram y TikTok, entrega inmediata https://seguidores-ya.example",
  "Follower kaufen – echte deutsche Follower für dein Profil, sicher und schnell: https://follower-kaufen.example",
  "Achetez des abonnés et des likes pour booster votre profil https://abonnes-rapides.example",
  "Накрутка подписчиков и лайков, быстро и недорого https://nakrutka-podpischikov.example",
  "Get 5K followers on any platform ✅ no password needed ✅ refill guarantee https://smm-panel.example",
  "SMM panel: cheapest followers, likes, views and boosts for every social network https://cheap-smm.example",
  "Tired of talking to nobody? Add 2000 followers to your account today https://bit.ly/moreFollowers26",
  "Grow your account organically with our engagement pods: guaranteed 300 new followers a week https://growth-pod.example",
  "フォロワーを増やしたい方へ!1000人から購入できます https://follower-jp.example",
  "Buy Mastodon followers cheap: 100 = $2, 1000 = $15. Pay with PayPal or crypto https://mastofollow.example",
  "Real active followers, likes & boosts - boost your brand now! https://brand-boost.example",
]; // deno-fmt-ignore

/** Selling followers, boosts and favourites, from fresh accounts that follow thousands. */
const followerSelling: Family = {
  name: "follower-selling",
  label: "spam",
  about: "Follower, boost and favourite selling, often from accounts that follow thousands",
  build(rng) {
    return SELLING.map((text, i): CaseSpec => ({
      atMs: 2 * DAY + 2 * HOUR + i * 61 * MINUTE,
      account: {
        username: `${rng.pick(["grow", "smm", "boost", "social"])}${rng.pick(["", "_"])}${rng.pick(["fast", "panel", "media", "king"])}${rng.int(1, 99)}`,
        domain: rng.chance(0.6) ? rng.pick(OPEN_SERVERS) : null,
        displayName: rng.pick(["Social Growth", "SMM Panel", "Grow Fast", ""]),
        ageMs: rng.int(1, 150) * HOUR,
        avatar: rng.chance(0.7),
        following: rng.chance(0.6) ? rng.int(800, 4000) : rng.int(0, 50),
        followers: rng.int(0, 25),
      },
      statuses: Array.from({ length: rng.int(1, 3) }, (_, p) => ({
        text: p === 1 ? `${mentions(rng, 1)} ${text}` : text,
        agoMs: p * rng.int(10, 90) * MINUTE,
      })),
    }));
  },
};

const PROMOS = [
  {
    text:
      "Try ZenTunnel VPN free for 30 days — fastest servers in 40 countries, no logs ever: https://zentunnel.example/fedi",
    link: "",
  },
  {
    text:
      "🔥 Flash sale: wireless earbuds 79% off, today only! Free shipping worldwide https://gadget-outlet.example/deal",
    link: "",
  },
  {
    text:
      "Join our Telegram channel for daily trading signals, 90% accuracy: https://t.me/daily_signals_pro",
    link: "",
  },
]; // deno-fmt-ignore

/**
 * Floods of one promotion: many fresh accounts posting the same text and link within an hour,
 * some several times, with small edits.
 */
const promoFlood: Family = {
  name: "promo-flood",
  label: "spam",
  about: "Floods of one promotion: the same text and link from many fresh accounts within an hour",
  build(rng) {
    const out: CaseSpec[] = [];
    for (let i = 0; i < 21; i++) {
      const promo = PROMOS[i % PROMOS.length];
      const edit = rng.pick(["", " 👇", "!", " #deal", " (limited)", ""]);
      out.push({
        atMs: 2 * DAY + 18 * HOUR + (i % PROMOS.length) * 3 * HOUR + rng.int(0, 40) * MINUTE,
        account: {
          username: randomHandle(rng, 7, 12),
          domain: rng.chance(0.7) ? rng.pick(OPEN_SERVERS) : null,
          displayName: rng.chance(0.5) ? "" : rng.pick(["Deals Daily", "Best Offers", "Promo"]),
          ageMs: rng.int(10, 300) * MINUTE,
          avatar: rng.chance(0.3),
          following: rng.int(0, 10),
        },
        statuses: Array.from({ length: rng.int(1, 5) }, (_, p) => ({
          text: `${promo.text}${edit}`,
          agoMs: p * rng.int(1, 6) * MINUTE,
        })),
      });
    }
    return out;
  },
};

const HIJACK = [
  "Cheap sneakers outlet, all sizes in stock https://kicks-outlet.example #Caturday #Mastodon #photography #art #news",
  "Earn $300 a day from home, no experience needed https://easy-income.example #FediBlock #introduction #Fediverse",
  "Best replica watches at factory price https://replica-time.example #WorldCupFinal #Election2026 #Breaking",
  "Download the new Fortnite cheats free https://freecheats.example #gaming #FediGames #ScreenshotSaturday #indiedev",
  "Hot deals on smartphones 📱 https://phone-deals.example #AI #OpenSource #Linux #Python #rust",
  "Free V-Bucks generator working 2026 https://vbucks-gen.example #gamedev #MastoArt #Caturday",
  "Kostenlose iPhone-Verlosung, jetzt teilnehmen https://iphone-verlosung.example #Tatort #Bundestag #Wetter",
  "Promo code for 90% off at our store https://promo-store.example #BlackLivesMatter #ClimateCrisis #Ukraine",
  "Watch all new movies free in HD https://stream-free.example #Oscars #MovieNight #SilentSunday #Film",
  "Загрузи бесплатно новые фильмы https://kino-free.example #новости #россия #фильмы",
  "Make money with our app, 100% real https://app-money.example #FOSDEM #Mastodon #TwitterMigration",
  "🎰 Spin and win today https://spin-today.example #NationalPetDay #dogsofmastodon #catsofmastodon",
  "Buy cheap followers here https://cheap-fans.example #introduction #NewHere #HelloWorld",
  "Replica bags 80% off https://bags-replica.example #fashion #FediFashion #style #ootd",
]; // deno-fmt-ignore

/** Unrelated promotions riding trending and community hashtags. */
const hashtagHijack: Family = {
  name: "hashtag-hijack",
  label: "spam",
  about: "Unrelated promotions riding trending and community hashtags",
  build(rng) {
    return HIJACK.map((text, i): CaseSpec => ({
      atMs: 3 * DAY + 5 * HOUR + i * 43 * MINUTE,
      account: {
        username: randomHandle(rng, 8, 12),
        domain: rng.chance(0.7) ? rng.pick(OPEN_SERVERS) : null,
        ageMs: rng.int(1, 120) * HOUR,
        avatar: rng.chance(0.4),
        following: rng.int(0, 60),
      },
      statuses: Array.from({ length: rng.int(1, 4) }, (_, p) => ({
        text,
        agoMs: p * rng.int(3, 30) * MINUTE,
      })),
    }));
  },
};

/** The families of this file. */
export const LINK_FAMILIES: Family[] = [linkSpam, followerSelling, promoFlood, hashtagHijack];
