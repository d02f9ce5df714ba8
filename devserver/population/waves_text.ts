/** Material for the spam waves: near-identical texts, scam links and impersonated names. */

/** Mention-spam wave: the same pitch with small variations. */
export const MENTION_SPAM_TEXTS = [
  "Hey! Want 10k real followers fast? Check this out",
  "Hey!! Want 10k real followers fast? Check this out",
  "hey! want 10k REAL followers fast? check this out",
  "Hey! Want 10K real followers fast?? Check this out",
  "Hey! Want 10k real fol\u200blowers fast? Check this out",
  "\u041d\u0435y! Want 10k real followers fast? Check this out",
];
export const MENTION_SPAM_LINK = "https://followers-boost.example/join?src=fedi";
export const MENTION_SPAM_DOMAINS = [
  "mstdn-free.example",
  "social-growth.example",
  "fedi-hub.example",
];

/** Crypto-scam wave: local accounts posting giveaway links at a high rate. */
export const CRYPTO_TEXTS = [
  "🚀 ETH giveaway is LIVE! Send 0.1 ETH and receive 1 ETH back instantly",
  "Last chance!!! Claim your free airdrop tokens before midnight",
  "I just doubled my BTC in 10 minutes with this platform, limited spots",
  "Official airdrop: connect your wallet to claim 500 USDT",
  "💰 Guaranteed 300% returns, withdraw anytime, join now",
];
export const CRYPTO_LINKS = [
  "https://eth-giveaway.example/claim?id=",
  "https://airdrop-claim.example/wallet/connect?session=",
  "https://btc-doubler.example/?ref=",
];
export const CRYPTO_TAGS = ["crypto", "airdrop", "bitcoin", "ethereum", "giveaway"];

/** Impersonation wave: accounts posing as staff with shortened phishing links. */
export const IMPERSONATION_NAMES = ["Mastodon Support", "Mastodon Staff", "Mastodon Security Team"];
export const IMPERSONATION_TEXTS = [
  "Your account has been flagged for unusual activity. Verify within 24 hours to avoid suspension:",
  "Important: all users must re-verify their accounts after the migration. Log in here:",
  "Security notice: confirm your email to keep your account active:",
];
export const SHORTENER_LINKS = ["https://bit.ly/", "https://tinyurl.com/", "https://t.ly/"];
