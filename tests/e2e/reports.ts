/** Reading what reached the development server: reports by target, labels, API call counts. */
import type { Stack } from "./stack.ts";

/** The reports the server received, grouped by target account. */
export function reportsByTarget(stack: Stack) {
  const out = new Map<string, typeof stack.dev.server.dev.state.reports>();
  for (const r of stack.dev.server.dev.state.reports) {
    out.set(r.targetAccountId, [...(out.get(r.targetAccountId) ?? []), r]);
  }
  return out;
}

/** The population label of every account the server knows. */
export function labels(stack: Stack): Map<string, string> {
  return new Map([...stack.dev.server.dev.state.accounts].map(([id, e]) => [id, e.label]));
}

/** Makes every arrival visible, delivers its webhooks and polls until nothing new comes. */
export async function deliverEverything(stack: Stack): Promise<void> {
  await stack.runJob("poll-remote-accounts");
  await stack.runJob("poll-local-accounts");
  stack.dev.server.tick();
  await stack.dev.server.deliverWebhooks();
  for (let i = 0; i < 3; i++) {
    await stack.runJob("poll-remote-accounts");
    await stack.runJob("poll-local-accounts");
  }
}
