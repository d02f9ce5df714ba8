/**
 * The development server's seeded spam waves, found as waves: each seeded wave is one wave of
 * MastoWatch's, ordinary accounts stay out of them, reports name their wave, and each wave is
 * notified once.
 */
import assert from "node:assert/strict";
import { deliverEverything, labels, reportsByTarget } from "./reports.ts";
import { startStack } from "./stack.ts";

const SPAM = ["mention-spam", "crypto-scam", "impersonation"];

interface Wave {
  id: string;
  size: number;
  accounts: { id: string }[];
  suggestions: string[];
}

Deno.test({
  name: "each seeded spam wave is found as one wave, and no ordinary account joins one",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // Slack's side: every notification the service sends.
    const messages: string[] = [];
    const hook = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
      messages.push((await req.json()).text);
      return new Response("ok");
    });
    const stack = await startStack({
      env: {
        SLACK_WEBHOOKS: JSON.stringify({ "report.filed": `http://127.0.0.1:${hook.addr.port}/` }),
      },
    });
    try {
      await deliverEverything(stack);
      const counts = await stack.idle(120_000);
      assert.equal(counts.failed, 0, "no run failed");
      const label = labels(stack);
      const res = await stack.api("/waves?limit=100");
      assert.equal(res.status, 200);
      const waves: Wave[] = await res.json();
      const waveOf = new Map<string, Wave>();
      for (const w of waves) for (const a of w.accounts) waveOf.set(a.id, w);
      const [analysed] = await stack.service.ctx.sql<{ id: string }[][]>`
        SELECT array_agg(DISTINCT account_id) AS id FROM analyses`;
      const seen = new Set((analysed as unknown as { id: string[] }).id);
      for (const l of SPAM) {
        const ids = [...label].filter(([id, x]) => x === l && seen.has(id)).map(([id]) => id);
        assert.ok(ids.length >= 2, `${l}: analysed accounts (${ids.length})`);
        const found = new Set(ids.map((id) => waveOf.get(id)?.id));
        assert.deepEqual([...found].length, 1, `${l}: one wave (${[...found].join(", ")})`);
        const wave = waveOf.get(ids[0])!;
        assert.ok(wave, `${l} is a wave`);
        const members = wave.accounts.map((a) => label.get(a.id));
        assert.deepEqual(new Set(members), new Set([l]), `${l}'s wave holds only ${l} accounts`);
        assert.equal(wave.size, ids.length, `${l}: all ${ids.length} analysed accounts`);
        console.log(`${l}: wave #${wave.id} of ${wave.size}; ${wave.suggestions[0] ?? ""}`);
      }
      const ordinaryInWaves = [...waveOf.keys()].filter((id) => label.get(id) === "ordinary");
      assert.deepEqual(ordinaryInWaves, [], "no ordinary account is in a wave");

      // Reports filed once the wave had formed name it.
      const byTarget = reportsByTarget(stack);
      const mention = [...label].filter(([, x]) => x === "mention-spam").map(([id]) => id);
      const named = mention.filter((id) =>
        byTarget.get(id)?.[0].comment.includes(`spam wave #${waveOf.get(id)?.id}`)
      );
      assert.ok(
        named.length >= mention.length - 3,
        `${named.length} of ${mention.length} mention-spam reports name the wave`,
      );

      // One notification per wave, instead of one per account.
      for (const l of SPAM) {
        const wave = [...waveOf.values()].find((w) => label.get(w.accounts[0].id) === l)!;
        const naming = messages.filter((m) => m.includes(`spam wave #${wave.id}:`));
        assert.equal(naming.length, 1, `${l}: one notification names wave #${wave.id}`);
      }
      const reports = [...byTarget.values()].flat().length;
      console.log(`${reports} reports, ${messages.length} notifications`);
      assert.ok(messages.length <= reports - 40, "far fewer notifications than reports");

      const page = await stack.api(`/waves/${waveOf.get(mention[0])!.id}`, {
        headers: { accept: "text/html" },
      });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Suggested next steps/);
    } finally {
      await stack.stop();
      await hook.shutdown();
    }
  },
});
