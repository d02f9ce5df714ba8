/** The starter pack on hand-made accounts: evasions it should see through, people it should spare. */
import assert from "node:assert/strict";
import { compileRuleSet } from "./compile.ts";
import { evaluate } from "./engine.ts";
import { starterPack } from "./starter_pack.ts";
import { account, NOW, status } from "./testing.ts";
import type { EngineInput } from "./types.ts";

const set = compileRuleSet(starterPack());
const HOUR = 3_600_000;
const born = (hours: number) => new Date(NOW - hours * HOUR).toISOString();
const link = (url: string) => `<a href="${url}">${url.replace("https://", "")}</a>`;
const tags = (...names: string[]) => names.map((name) => ({ name }));

function score(over: Record<string, unknown>, statuses: ReturnType<typeof status>[] = []) {
  const [first, ...rest] = statuses;
  const v = evaluate(set, {
    account: account(over),
    status: first ?? null,
    recentStatuses: rest,
    now: NOW,
  } as unknown as EngineInput);
  return {
    score: v.score,
    rules: v.hits.filter((h) => h.rule.mode === "report").map((h) => h.rule.name),
  };
}

const DEFAULT_AVATAR = "https://example.social/avatars/original/missing.png";
// A spammer's account: four days old, an avatar, nobody following it, nothing in the bio.
const throwaway = { created_at: born(96), followers_count: 1, following_count: 30, note: "" };

Deno.test("the starter pack flags a wallet drainer in Italian written in fullwidth letters with zero-width spaces", () => {
  const text = `Ｃｏｌｌｅｇａ il tuo\u200B portafoglio per ricevere i tuoi token ${
    link("https://x.example/t")
  }`;
  const v = score(throwaway, [status(`<p>${text}</p>`)]);
  assert.ok(v.score >= 1, JSON.stringify(v));
  assert.ok(v.rules.includes("Crypto giveaway and wallet-drainer language"), JSON.stringify(v));
});

Deno.test("the starter pack flags a Spanish money-making pitch pushed into hashtags by a weeks-old account nobody follows, with no avatar or bio", () => {
  const s = status(
    `<p>Gana dinero desde casa sin experiencia ${link("https://x.example/j")} #a #b #c</p>`,
    { tags: tags("a", "b", "c") },
  );
  const v = score({ ...throwaway, created_at: born(400), avatar: DEFAULT_AVATAR }, [s]);
  assert.ok(v.score >= 1, JSON.stringify(v));
});

Deno.test("the starter pack spares a shop with an audience announcing a sale in hashtags", () => {
  const s = status(
    `<p>Winter sale: 30% off all tea today only ${
      link("https://tea.example")
    } #tea #sale #shop</p>`,
    {
      tags: tags("tea", "sale", "shop"),
    },
  );
  const v = score({ created_at: born(20_000), followers_count: 600, note: "" }, [s]);
  assert.ok(v.score < 1, JSON.stringify(v));
});

Deno.test("the starter pack flags a young profile that posts nothing and sells loans, not a young illustrator's", () => {
  const silent = { created_at: born(100), statuses_count: 0, followers_count: 0 };
  const loans = score({
    ...silent,
    display_name: "Fast Cash",
    note: "<p>Loans approved in minutes, no credit check</p>",
  });
  assert.ok(loans.score >= 1, JSON.stringify(loans));
  const artist = score({
    ...silent,
    note: "<p>Illustrator. Commissions open, see the pinned post.</p>",
  });
  assert.ok(artist.score < 1, JSON.stringify(artist));
});

Deno.test("the starter pack's hashtag rule needs a link beside the hashtags", () => {
  const young = { created_at: born(20) };
  const hello = status("<p>Hello! #introduction #art #cats</p>", {
    tags: tags("introduction", "art", "cats"),
  });
  assert.ok(!score(young, [hello]).rules.includes("Hashtags with links from a young account"));
  const linked = status(`<p>Hello! ${link("https://me.example")} #introduction #art #cats</p>`, {
    tags: tags("introduction", "art", "cats"),
  });
  assert.ok(score(young, [linked]).rules.includes("Hashtags with links from a young account"));
});

Deno.test("the starter pack flags a Portuguese staff phishing DM from a look-alike support account", () => {
  const s = status(
    `<p>Sua conta será desativada hoje. Faça login: ${link("https://m.example/l")}</p>`,
    {
      visibility: "direct",
      mentions: [{ id: "9", acct: "kat@social.example" }],
    },
  );
  const v = score({ ...throwaway, created_at: born(30), display_name: "Suporte" }, [s]);
  assert.ok(v.score >= 1, JSON.stringify(v));
  assert.ok(v.rules.includes("Impersonates server staff"), JSON.stringify(v));
});
