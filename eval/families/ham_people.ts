/** Hard ham: people whose ordinary posts look like something spam does. */
import { type CaseSpec, DAY, type Family, HOUR, mentions, MINUTE, person } from "./common.ts";
import type { Rng } from "../build.ts";

const SERVERS = [
  "mastodon.example",
  "fosstodon.example",
  "chaos.example",
  "social.example",
  "troet.example",
];

function human(rng: Rng, ageMs: number, over: Partial<CaseSpec["account"]> = {}) {
  const p = person(rng);
  return {
    username: p.handle,
    domain: rng.chance(0.6) ? rng.pick(SERVERS) : null,
    displayName: p.name,
    note: rng.pick([
      "Teacher, runner, tea drinker.",
      "Software person. Cats. Bad puns.",
      "Gardening, books and bikes.",
      "PhD student in ecology 🌱",
      "Photographer based in Lisbon",
      "",
    ]),
    ageMs,
    avatar: true,
    followers: rng.int(5, 900),
    following: rng.int(5, 600),
    ...over,
  };
}

const HELLOS = [
  "Hello fediverse! New here. I knit, I watch birds and I complain about trains. #introduction",
  "Hi everyone 👋 just moved over. Looking for people who talk about urban gardening and compost #introduction #NewHere",
  "First post! I'm a nurse in Manchester, mostly here for the science accounts. Be kind 🙂",
  "Okay, I finally made an account. Thanks @ellie@chaos.example @marcus@hachyderm.example @kat@toot.example for the invites!",
  "hello world. trying this out. is this thing on?",
  "Moin! Neu hier, interessiere mich für Radfahren und Open Source. #neuhier",
  "Bonjour à tous, je découvre Mastodon. Je suis prof de maths à Lyon. #présentation",
  "はじめまして!絵を描くのが好きです。よろしくお願いします #自己紹介",
  "¡Hola! Soy nueva por aquí, me gusta la fotografía y la montaña #presentación",
  "Привет! Я новенький, интересуюсь астрономией и велосипедами",
  "New account, who dis. Long-time lurker, first-time tooter. I post about synths and modular #synth #introduction",
  "Hi! I'm Priya, a data journalist. I'll share charts and the odd cat photo. #introduction #journalism #dataviz",
  "Just joined from the other site. Here's my cat to prove I'm real. #caturday",
  "مرحبا بالجميع! أنا جديد هنا، أحب القراءة والشعر",
  "Hey folks, musician here, I make ambient music. Links to my stuff will come later, for now just saying hi",
  "Hello! Retired librarian, here for book talk. Any good accounts to follow? #books #introduction",
  "First toot. Following @petra@social.example @sam@scholar.example @jo@social.example @wren@tech.example because they told me to",
  "Hallo zusammen! Ich bin Hebamme und neu im Fediverse. #vorstellung",
  "hi i'm 16 and i like minecraft and drawing",
  "Hello Mastodon! Climate scientist, will post papers and field photos. #introduction #science #climate",
]; // deno-fmt-ignore

/** Newcomers saying hello: fresh accounts, sometimes with no avatar or bio yet. */
const newcomers: Family = {
  name: "ham-newcomer",
  label: "ham",
  about: "Newcomers saying hello, thanking the friends who invited them",
  build(rng) {
    return HELLOS.map((text, i): CaseSpec => ({
      atMs: 1 * DAY + i * 71 * MINUTE,
      account: human(rng, rng.int(10, 200) * MINUTE, {
        avatar: rng.chance(0.5),
        note: rng.chance(0.5) ? "" : "New here.",
        followers: rng.int(0, 8),
        following: rng.int(0, 60),
      }),
      statuses: [{ text, agoMs: rng.int(1, 30) * MINUTE, media: rng.chance(0.2) ? [{ blurhash: `L${rng.token(27)}`, description: "" }] : undefined }],
    }));
  },
};

const WARNINGS = [
  "PSA: accounts called 'Mastodon Support' are DMing people asking them to verify their account within 24 hours to avoid suspension. It's phishing. Don't click, report them.",
  "If someone tells you to 'connect your wallet to claim your airdrop', it is a wallet drainer. Every single time. #crypto #scam",
  "Got a DM from a 'collector' who wants to commission me and pay by cheque with extra for shipping. Classic overpayment scam, artists be careful #ArtistAlert",
  "Heads up: the spam wave is back, random ten-letter accounts posting the same image and mentioning strangers. Mods, please check your open registrations #FediBlock",
  "Reminder that no admin will ever ask for your password. 'Your account has been flagged for unusual activity' messages are fake.",
  "Anyone else getting 'Hello dear, text me on Telegram' DMs? Blocked and reported, that's a romance scam script.",
  "Those 'buy 1000 real followers' replies are everywhere today. Report, don't reply. #FediTips",
  "The link in that 'free ETH giveaway' post goes to a look-alike domain with a Cyrillic а. Please don't send anything to it.",
  "Warnung: Gefälschte 'Moderationsteam'-Konten verschicken Links zur Kontobestätigung. Nicht anklicken! #FediTips",
  "Attention : des faux comptes 'Équipe de modération' envoient des liens de phishing. Signalez-les.",
  "Cuidado con los mensajes que dicen 'reclama tus tokens gratis': son estafas para vaciar tu billetera.",
  "注意:「エアドロップ開催中」というDMは詐欺です。リンクを開かないでください。",
  "Our server just blocked a domain that was mass-creating accounts for casino spam. Thanks @devnull@infosec.example for the heads-up #FediBlock #MastoAdmin",
  "Explainer thread on NFT art scams: they praise your art, offer 2 ETH, then ask you to pay a 'gas fee' to list it. Don't. 🧵",
  "Moderator note: we've cleaned up ~40 accounts from the mention spam this morning. If you got pinged with an image, just report it. #MastoAdmin",
  "Осторожно: сообщения 'бесплатная раздача токенов, подключите кошелёк' — мошенничество.",
  "Quick reminder that 'verify your wallet' and 'rectify your transaction' sites are drainers. Bookmark the real sites you use.",
  "Scammers are copying the 'Trust & Safety' name now. Real staff have a role badge on their profile. Check before you click anything.",
]; // deno-fmt-ignore

/** People quoting or warning about scams, using the scammers' own words. */
const warnings: Family = {
  name: "ham-scam-warning",
  label: "ham",
  about: "People quoting or warning about scams in the scammers' own words",
  build(rng) {
    return WARNINGS.map((text, i): CaseSpec => ({
      atMs: 2 * DAY + i * 67 * MINUTE,
      account: human(rng, rng.chance(0.2) ? rng.int(2, 40) * HOUR : rng.int(60, 2000) * DAY),
      statuses: [
        { text, agoMs: rng.int(1, 10) * MINUTE },
        ...(rng.chance(0.5) ? [{ text: "Stay safe out there, folks.", agoMs: 2 * HOUR }] : []),
      ],
    }));
  },
};

const COMMISSIONS = [
  "Commissions are OPEN! 🎨 3 slots for full-body illustrations, prices in the alt text. DM me or email me to book. Boosts appreciated! #ArtCommissions #MastoArt",
  "I'm opening 5 portrait commission slots this month. Info and prices: https://ko-fi.example/inkfox #commissions #art",
  "Taking pet portrait commissions again 🐶🐱 watercolour, A5, 60€. Details on my site https://lino-art.example/commissions",
  "Commission sheet 2026! Sketches from $25, coloured from $80. Reply here or DM. #ArtistsOnMastodon #commissionsopen",
  "Hallo! Ich nehme wieder Auftragsarbeiten an: Porträts, Tiere, Landschaften. Schreibt mir eine Mail. #Kunst #MastoArt",
  "Commissions ouvertes ! Portraits numériques à partir de 40 €, contactez-moi en message privé. #art #commission",
  "コミッション受付中です!詳細はプロフィールのリンクから。 #イラスト #commission",
  "Comisiones abiertas 🎨 retratos digitales desde 30€. Escríbeme por mensaje directo. #arte",
  "Finished this commission for a lovely client, a dragon guarding a library. Slots still open if you want one! #MastoArt #dragons",
  "Reminder that my tattoo flash commissions close Friday. Email is in my bio. #tattoo #flash",
  "Thank you @paintedsky@mastodon.art.example for commissioning this! Loved working on it. #commission #MastoArt",
  "NFT people in my mentions again. No, I will not 'mint' my art. Real commissions only, via my site. https://inkfox.example",
  "Commission info: I don't do NFTs, I don't accept cheques, I invoice through my shop. Otherwise open! https://shop.example/inkfox",
  "Drawing request stream tonight! Also 2 commission slots open, details at https://ko-fi.example/lino #art #stream",
  "Selling prints of my last series, free shipping in the EU this week https://prints.example/shop #art #prints",
  "Open for illustration work: book covers, album art, editorial. Portfolio: https://portfolio.example/mara",
  "Still have a couple of commission spots open before the holidays 🎄 DM me!",
]; // deno-fmt-ignore

/** Artists announcing commissions, shops and prints from their own established accounts. */
const artists: Family = {
  name: "ham-artist",
  label: "ham",
  about: "Artists announcing commissions, shops and prints",
  build(rng) {
    return COMMISSIONS.map((text, i): CaseSpec => ({
      atMs: 1 * DAY + 8 * HOUR + i * 83 * MINUTE,
      account: human(rng, rng.int(30, 1500) * DAY, { note: "Illustrator. Commissions open sometimes. she/her" }),
      statuses: [{ text, agoMs: rng.int(1, 30) * MINUTE, media: rng.chance(0.6) ? [{ blurhash: `L${rng.token(27)}`, description: "A drawing" }] : undefined }],
    }));
  },
};

const ACTIVISM = [
  "Call your representatives today! @senator_a@gov.example @rep_b@gov.example @council@city.example @mayor@city.example #ClimateAction #FridaysForFuture #GreenNewDeal #ActNow #Climate #Energy",
  "We're marching on Saturday, 11am at the town hall. Bring friends! #StrikeForClimate #Protest #NoMoreCoal #ClimateJustice #KlimaStreik #FFF",
  "Thank you to everyone who signed. 10k signatures! @campaign@act.example @ngo@green.example @press@news.example #Petition #SaveTheForest #Biodiversity #Nature #Wildlife #Act",
  "Solidarity with the strikers at the port. @union@labour.example @dockers@labour.example @press@news.example #Strike #Union #Solidarity #LabourRights #WorkersRights #1u",
  "Trans rights are human rights. Today and every day. #TransRights #Pride #LGBTQ #TransDayOfVisibility #HumanRights #Equality",
  "Petition against the new surveillance law, please sign and share https://petition.example/no-chat-control #ChatControl #Privacy #EU #DigitalRights #Encryption #FOSS",
  "Join us online tonight for the accessibility meetup: @a11y@tech.example @blindcoder@tech.example @captions@tech.example #Accessibility #a11y #Disability #Inclusion #Tech #Meetup",
  "Heute Demo gegen Rechts in Hamburg! #NieWiederIstJetzt #Demo #Hamburg #GegenRechts #Demokratie #AfDVerbot",
  "Manif pour les retraites jeudi, départ place de la République #Retraites #Grève #Manif #Paris #Syndicats #1erMai",
  "Boosting for visibility: mutual aid fund for the flood victims, every euro counts https://aid.example/flood #MutualAid #Flood #Help #Donate #Solidarity #Community",
  "Reminder to check in on your disabled friends during the heatwave. @ana@mastodon.example @birch@mstdn.example @rin@fedibird.example @wren@tech.example #Heatwave #Disability #CareWork #Community #Health",
  "Palestine, Ukraine, Sudan, Congo: ceasefire now. #Ceasefire #Peace #HumanRights #StopTheWar #Solidarity #Justice",
  "Our cycling campaign got a new bike lane approved!! Thanks @bikepunk@fosstodon.example @city@city.example @ola@social.example @nico@piaille.example #Cycling #BikeLanes #UrbanPlanning #Win #Transport #Climate",
  "Wir brauchen mehr Schulsozialarbeit. Bitte unterschreiben: https://openpetition.example/schule #Bildung #Schule #Petition #Kinder #Soziales #Zukunft",
  "Thread of organisations to follow for #WomensHistoryMonth: @archive@history.example @museum@culture.example @library@culture.example @suffrage@history.example @women@history.example #History #Women #Feminism #Archives",
  "Today's action went great, we handed the letter to @minister@gov.example and @committee@gov.example with 500 people watching #ClimateAction #Lobby #Democracy #Activism #Youth #Future",
  "Please boost: the community garden needs volunteers this weekend! @garden@city.example @food@coop.example @jo@social.example #Garden #Community #Volunteer #Food #Local #Compost",
]; // deno-fmt-ignore

/** Activists and organisers: many mentions and many hashtags in one status. */
const activists: Family = {
  name: "ham-activist",
  label: "ham",
  about: "Activists with many mentions and hashtags",
  build(rng) {
    return ACTIVISM.map((text, i): CaseSpec => ({
      atMs: 3 * DAY + i * 59 * MINUTE,
      account: human(rng, rng.chance(0.25) ? rng.int(2, 6) * DAY : rng.int(60, 2500) * DAY, { followers: rng.int(50, 5000) }),
      statuses: Array.from({ length: rng.int(1, 4) }, (_, k) => ({
        text: k === 0 ? text : `${mentions(rng, rng.int(0, 3))} ${rng.pick(["Thanks for boosting!", "See you there.", "More info soon.", "Details in the thread."])}`.trim(),
        agoMs: k * rng.int(5, 60) * MINUTE,
      })),
    }));
  },
};

/** The families of this file. */
export const PEOPLE_FAMILIES: Family[] = [newcomers, warnings, artists, activists];
export { human };
