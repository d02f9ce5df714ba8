/** Word material for the seeded population: ordinary posts in several languages and spam texts. */

/** Ordinary post sentences by language, with the hashtags people there tend to use. */
export const ORDINARY_POSTS: Record<string, { sentences: string[]; tags: string[] }> = {
  en: {
    sentences: [
      "Finally got the sourdough starter going again after the holidays.",
      "Spent the afternoon fixing a flaky test that only failed on Tuesdays.",
      "The fog over the harbour this morning was something else.",
      "Reading group tonight: we're halfway through the book and nobody agrees on anything.",
      "Reminder that your local library probably lends more than books.",
      "New release of our little CLI tool is out, thanks to everyone who sent patches.",
      "Does anyone have a good guide to repairing a bike's rear derailleur?",
      "Today I learned that octopuses taste with their arms.",
      "Rainy Sunday, tea, and a stack of old comics. Perfect.",
      "We migrated the build to the new runners and it's twice as fast.",
      "Is it just me or did the days get shorter really suddenly this year?",
      "Our community garden harvested the last pumpkins this weekend.",
      "Wrote up some notes on what we learned running our instance for a year.",
      "Bitcoin fees are wild again, glad I only follow this stuff from a distance.",
      "Thread about accessibility: please add alt text to your images, it matters.",
      "Sketching every day in November. Day 14: a very grumpy heron.",
    ],
    tags: ["caturday", "photography", "opensource", "rust", "gardening", "books", "accessibility"],
  },
  de: {
    sentences: [
      "Heute endlich den Balkon winterfest gemacht.",
      "Die Bahn war pünktlich. Ich wiederhole: die Bahn war pünktlich.",
      "Kennt jemand ein gutes Buch über die Geschichte der Hanse?",
      "Neuer Blogartikel über unsere Erfahrungen mit selbstgehosteten Diensten.",
      "Der Nebel über dem Fluss sah heute Morgen unglaublich aus.",
      "Wir suchen noch Leute für das Repair-Café am Samstag.",
    ],
    tags: ["fediverse", "fotografie", "bahn", "nachhaltigkeit"],
  },
  fr: {
    sentences: [
      "Premier café de la journée et déjà trois réunions annulées, quelle chance.",
      "Quelqu'un a une bonne recette de tarte aux poireaux ?",
      "Balade en forêt ce matin, les couleurs d'automne sont magnifiques.",
      "Nouvelle version de notre logiciel libre, merci aux contributeurs !",
      "Le marché du samedi est toujours le meilleur moment de la semaine.",
    ],
    tags: ["logiciellibre", "cuisine", "photographie", "automne"],
  },
  ja: {
    sentences: [
      "今日は朝から雨でしたが、午後は晴れました。",
      "新しいキーボードを買いました。打ち心地がとても良いです。",
      "近所の公園の紅葉がきれいでした。",
      "週末は友達とラーメンを食べに行きました。",
      "オープンソースのプロジェクトに初めてプルリクエストを送りました。",
    ],
    tags: ["写真", "猫", "プログラミング"],
  },
  es: {
    sentences: [
      "Hoy por fin terminé de leer esa novela que tenía pendiente.",
      "¿Alguien conoce una buena librería de segunda mano en el centro?",
      "El atardecer desde la playa estuvo increíble.",
      "Publicamos una nueva versión del proyecto, ¡gracias a todas las personas que ayudaron!",
    ],
    tags: ["fotografía", "libros", "softwarelibre"],
  },
};

/** Links ordinary people share, with a preview card title. */
export const ORDINARY_LINKS: { url: string; title: string }[] = [
  { url: "https://github.com/denoland/deno/releases", title: "Releases · denoland/deno" },
  { url: "https://en.wikipedia.org/wiki/Octopus", title: "Octopus - Wikipedia" },
  { url: "https://www.bbc.co.uk/news/science-environment", title: "Science & Environment" },
  { url: "https://arxiv.org/abs/2410.01234", title: "A study of federated moderation" },
  { url: "https://blog.joinmastodon.org/2026/10/whats-new/", title: "What's new in Mastodon" },
  { url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", title: "A video" },
  { url: "https://news.ycombinator.com/item?id=41234567", title: "Hacker News" },
  { url: "https://www.openstreetmap.org/#map=15/52.5200/13.4050", title: "OpenStreetMap" },
  { url: "https://bit.ly/3xQmZ7p", title: "Conference schedule" },
];

/** Display name parts for ordinary people. */
export const FIRST_NAMES = [
  "Alex",
  "Sam",
  "Jordan",
  "Mia",
  "Noah",
  "Lena",
  "Jonas",
  "Camille",
  "Lucas",
  "Yuki",
  "Haruto",
  "Sofía",
  "Mateo",
  "Priya",
  "Omar",
  "Ines",
  "Tomás",
  "Greta",
  "Emil",
  "Aiko",
  "Chloé",
  "Ravi",
];
export const LAST_NAMES = [
  "Miller",
  "Schmidt",
  "Dubois",
  "Tanaka",
  "García",
  "Okafor",
  "Nguyen",
  "Kowalski",
  "Rossi",
  "Larsen",
  "Silva",
  "Moreau",
  "Suzuki",
  "Fischer",
  "López",
  "Patel",
];

/** Short bios, HTML-rendered later. */
export const BIOS = [
  "Backend developer. Cyclist. Opinions are my cat's.",
  "Librarian, birdwatcher, occasional baker.",
  "Photographer based by the sea. he/him",
  "Open source maintainer. Coffee-driven.",
  "Teacher, gardener, reader of too many books.",
  "Ich schreibe über Nachhaltigkeit und Radverkehr.",
  "Développeuse web, amatrice de randonnées.",
  "写真とコーヒーが好きです。",
  "Estudiante de biología marina.",
  "Posting about retro computers and synths.",
];

/** Remote servers ordinary people live on, by their main language. */
export const ORDINARY_DOMAINS: { domain: string; language: string }[] = [
  { domain: "mastodon.example", language: "en" },
  { domain: "fosstodon.example", language: "en" },
  { domain: "hachyderm.example", language: "en" },
  { domain: "troet.example", language: "de" },
  { domain: "piaille.example", language: "fr" },
  { domain: "mstdn-jp.example", language: "ja" },
  { domain: "mastodon-es.example", language: "es" },
];

/** Image descriptions; ordinary people add alt text most of the time. */
export const ALT_TEXTS = [
  "A grey heron standing in shallow water at dawn.",
  "A loaf of sourdough bread on a wooden board.",
  "Autumn trees reflected in a still lake.",
  "A tabby cat asleep on a keyboard.",
  "A hand-drawn sketch of a lighthouse.",
];

/** Blurhashes of the kind Mastodon stores for images. */
export const BLURHASHES = [
  "UCF5?xYk^6#M@-5b,1J5@[or[Q6.{z0hj]s:",
  "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
  "U9A,zvof00ay~qj[IUay00ay_3j[_3ayD%j[",
  "LKO2?U%2Tw=w]~RBVZRi};RPxuwH",
];
