/**
 * Remote statuses reach no webhook. A wave whose remote accounts are polled before they post
 * must still be reported: what they post arrives on the streaming API and starts their runs.
 */
import assert from "node:assert/strict";
import { labels, reportsByTarget } from "./reports.ts";
import { startStack } from "./stack.ts";
import { until } from "../faults/harness.ts";

Deno.test({
  name: "remote accounts that post after their first analysis are reported from the stream",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const stack = await startStack();
    try {
      const server = stack.dev.server;
      await until("the service follows the stream", () => server.dev.streams.size > 0, 30_000);
      // The hour arrives in steps of five minutes; the polls run after each step, so an
      // account is usually polled before (part of) what it posts.
      for (let minute = 5; minute <= 60; minute += 5) {
        server.tick(minute * 60_000);
        await server.deliverWebhooks();
        await stack.runJob("poll-remote-accounts");
        await stack.runJob("poll-local-accounts");
      }
      server.tick();
      await server.deliverWebhooks();
      await stack.idle(120_000);
      // Statuses streamed within a minute of an account's last run wait for the minute's end.
      await new Promise((r) => setTimeout(r, 1_000));
      await stack.idle(120_000);
      const label = labels(stack);
      const byTarget = reportsByTarget(stack);
      const remoteWave = [...label].filter(([id, l]) =>
        l === "mention-spam" && server.dev.state.accounts.get(id)?.admin.domain
      ).map(([id]) => id);
      const missed = remoteWave.filter((id) => !byTarget.has(id));
      const streamed = await stack.api("/workflows?limit=500").then((r) => r.json());
      const byStream = streamed.runs.filter((r: { trigger: string }) => r.trigger === "stream");
      console.log(
        `${
          remoteWave.length - missed.length
        }/${remoteWave.length} remote wave accounts reported; ` +
          `${byStream.length} runs started from the stream`,
      );
      assert.ok(remoteWave.length >= 30, "the wave has its remote accounts");
      assert.ok(byStream.length > 0, "the stream started runs");
      assert.deepEqual(missed, [], "every remote wave account is reported");
      for (const [id, reports] of byTarget) assert.equal(reports.length, 1, `${id} reported once`);
    } finally {
      await stack.stop();
    }
  },
});
