/** Scams that steal: crypto airdrops and wallet drainers, fake staff and support phishing. */
import {
  type CaseSpec,
  DAY,
  type Family,
  HOUR,
  mentions,
  MINUTE,
  OPEN_SERVERS,
  puny,
  randomHandle,
} from "./common.ts";

const DRAINERS: { text: string; media?: string }[] = [
  {
    text:
      "🎁 Season 2 community drop is LIVE. Eligible wallets can claim their $ARB allocation here → https://arbitrum-rewards.example/season2",
  },
  {
    text:
      `Congrats, your address qualified for the $PEPE holder reward! Redeem before it expires: https://${
        puny("pepе-claim.com")
      }/r/8812`,
  },
  {
    text:
      "Verify your wallet to unlock 2,500 $USDC in pending rewards: https://walletconnect-sync.example/verify",
  },
  {
    text:
      "Gratis-Token! Verbinde deine Wallet und sichere dir deinen Anteil am Airdrop, nur heute: https://eth-belohnung.example",
  },
  {
    text:
      "Reclama tus tokens gratis ahora mismo, solo conecta tu billetera: https://reclamar-tokens.example",
  },
  {
    text:
      "Distribution gratuite de jetons : connectez votre portefeuille pour réclamer votre part https://jetons-gratuits.example",
  },
  { text: "ＣＬＡＩＭ ＹＯＵＲ ＦＲＥＥ ＴＯＫＥＮＳ ＮＯＷ 🚀 https://bit.ly/3fRtKnZ" },
  {
    text:
      "Free mint is open for the first 1000 wallets, gas only! Don't miss the drop: https://mint-genesis.example",
  },
  {
    text:
      "We are giving back 5,000 BTC to the community. Transfer any amount to the address below and we return double within 30 minutes. bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
  },
  {
    text:
      "Pending transaction stuck? Synchronize your wallet with our node to rectify the issue: https://dapps-rectify.example",
  },
  {
    text:
      "Dear user, your MetaMask wallet must be validated by Friday or it will be locked. Enter your recovery phrase at https://metamask-validation.example",
  },
  {
    text:
      "Бесплатная раздача токенов! Подключите кошелёк и получите награду: https://razdacha-tokenov.example",
  },
  { text: "Claim yоur frее ЕTH rеwаrd bеfore it's gone https://tinyurl.com/ethdrop26" },
  { text: `Uniswap LP airdrop: check eligibility at https://${puny("uniswаp.org")}/claim` },
  { text: "", media: "Claim 500 USDT now, scan the code and connect your wallet" },
  {
    text:
      "エアドロップ開催中!ウォレットを接続して無料トークンを受け取ろう https://airdrop-jp.example",
  },
]; // deno-fmt-ignore

/** Crypto airdrops, free mints and wallet drainers, often with look-alike domains. */
const cryptoDrainer: Family = {
  name: "crypto-drainer",
  label: "spam",
  about: "Crypto airdrop, free-mint and wallet-drainer scams, with look-alike domains and shorteners",
  build(rng) {
    return DRAINERS.map((d, i): CaseSpec => {
      const posts = rng.int(1, 4);
      const local = rng.chance(0.3);
      return {
        atMs: 1 * DAY + 6 * HOUR + i * 37 * MINUTE,
        account: {
          username: rng.pick([randomHandle(rng), `${rng.pick(["defi", "web3", "nft", "token"])}_${rng.pick(["news", "alerts", "hub", "drops"])}${rng.int(1, 999)}`]),
          domain: local ? null : rng.pick(OPEN_SERVERS),
          displayName: rng.pick(["", "Airdrop Hunter", "Web3 Rewards 🎁", "DeFi Updates", "Token Drops"]),
          ageMs: rng.int(1, 90) * HOUR,
          avatar: rng.chance(0.5),
          following: rng.int(0, 120),
          followers: rng.int(0, 6),
          email: local ? `${randomHandle(rng)}@mail.example` : null,
        },
        statuses: Array.from({ length: posts }, (_, p) => ({
          text: p === 0 || rng.chance(0.5) ? d.text : `${mentions(rng, rng.int(1, 3))} ${d.text}`,
          agoMs: p * rng.int(2, 25) * MINUTE,
          media: d.media !== undefined
            ? [{ blurhash: "LFE.@D9F01_2%L%MIVD*9Goe-;WB", description: d.media }]
            : undefined,
        })),
      };
    });
  },
};

const PHISH: { name: string; text: string }[] = [
  {
    name: "Mastodon Moderation",
    text:
      "We received a copyright complaint about your recent posts. File an appeal within 12 hours or your profile will be removed: https://mastodon-appeals.example/case/8812",
  },
  {
    name: "Fediverse Safety Desk",
    text: `Your server is migrating to a new host. Sign in again to keep your followers: https://${
      puny("mastodоn.social")
    }/auth/sign_in`,
  },
  {
    name: "Account Review",
    text:
      '<p>Your account was selected for a routine security review. Please log in at <a href="https://login-mastodon.example/review">https://mastodon.social/auth/review</a> to continue using the service.</p>',
  },
  {
    name: "Servicedesk",
    text:
      "Ihr Konto wird in 24 Stunden gesperrt. Bestätigen Sie jetzt Ihre Identität: https://konto-bestaetigung.example",
  },
  {
    name: "Équipe de modération",
    text:
      "Votre compte a été signalé. Merci de vous identifier ici pour éviter sa fermeture : https://moderation-fedi.example/login",
  },
  {
    name: "Soporte Técnico",
    text:
      "Detectamos un inicio de sesión sospechoso. Restablece tu contraseña aquí: https://soporte-mastodon.example",
  },
  {
    name: "Mastodon gGmbH",
    text:
      "Last notice: unverified profiles will lose the ability to post on Monday. Complete verification: https://bit.ly/mstdn-verif",
  },
  {
    name: "Trust & Safety",
    text:
      "Your profile has been reported for impersonation. Ver\u200bify your identity to keep your handle: https://trust-safety-center.example",
  },
  {
    name: "Moderationsteam",
    text:
      "Wir haben ungewöhnliche Aktivitäten festgestellt. Melde dich an, um dein Konto zu schützen: https://troet-sicherheit.example",
  },
  {
    name: "Help Center",
    text:
      `Action required: your email address could not be confirmed. Update it here before your toots are hidden: https://${
        puny("joinmastodоn.org")
      }/settings`,
  },
  {
    name: "Mastodon Staff",
    text:
      "Congratulations! Your account was chosen for the blue verified badge. Claim it by signing in: https://mastodon-badge.example",
  },
  {
    name: "Server Admin",
    text:
      "Storage limit reached. Your media will be deleted unless you upgrade your account: https://masto-storage.example/upgrade",
  },
  {
    name: "Модерация",
    text:
      "Ваш аккаунт будет заблокирован за нарушение правил. Подтвердите личность по ссылке: https://masto-podtverzhdenie.example",
  },
  {
    name: "Security Notice",
    text:
      '<p>Unusual sign-in detected. Secure your account now: <a href="https://tinyurl.com/secure-masto">mastodon.social/settings/security</a></p>',
  },
  {
    name: "運営チーム",
    text: "アカウントが一時停止されます。本人確認はこちら: https://mstdn-kakunin.example",
  },
]; // deno-fmt-ignore

/** Accounts posing as staff or support, sending people to log-in pages that are not theirs. */
const staffPhishing: Family = {
  name: "staff-phishing",
  label: "spam",
  about: "Fake staff and support accounts sending credential phishing with look-alike domains",
  build(rng) {
    return PHISH.map((ph, i): CaseSpec => {
      const remote = rng.chance(0.8);
      return {
        atMs: 2 * DAY + 9 * HOUR + i * 23 * MINUTE,
        account: {
          username: rng.pick(["helpdesk", "safety", "review", "notice", "service", "team"]) +
            rng.pick(["_", ""]) + rng.token(rng.int(2, 5), "abcdefghijklmnopqrstuvwxyz0123456789"),
          domain: remote ? rng.pick(OPEN_SERVERS) : null,
          displayName: ph.name,
          note: rng.chance(0.5) ? "Official notices. Do not reply to this account." : "",
          ageMs: rng.int(1, 72) * HOUR,
          avatar: rng.chance(0.7),
          following: rng.int(0, 500),
          followers: rng.int(0, 10),
        },
        statuses: Array.from({ length: rng.int(1, 3) }, (_, p) => ({
          text: ph.text.startsWith("<")
            ? ph.text.replace("<p>", `<p>${mentionHtml(rng)} `)
            : `${mentions(rng, 1)} ${ph.text}`,
          agoMs: p * rng.int(3, 30) * MINUTE,
          visibility: rng.pick(["direct", "direct", "public", "unlisted"] as const),
        })),
      };
    });
  },
};

function mentionHtml(rng: { pick<T>(l: readonly T[]): T }) {
  const who = rng.pick(["kat", "ellie", "petra", "marcus"]);
  return `<span class="h-card" translate="no"><a href="https://social.example/@${who}" class="u-url mention">@<span>${who}</span></a></span>`;
}

/** The families of this file. */
export const SCAM_FAMILIES: Family[] = [cryptoDrainer, staffPhishing];
