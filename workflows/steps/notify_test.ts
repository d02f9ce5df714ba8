import assert from "node:assert/strict";
import { harness } from "../testing.ts";
import { notifyEvent } from "./notify.ts";

Deno.test("notifyEvent() posts Slack-style JSON to the webhook of the event", async () => {
  const h = await harness();
  try {
    assert.equal(await notifyEvent(h.deps, "report.filed", "hello"), true);
    assert.deepEqual(h.sent, [{ url: "https://hooks.example/filed", body: '{"text":"hello"}' }]);
    assert.equal(await notifyEvent(h.deps, "run.failed", "x"), false, "no webhook configured");
  } finally {
    await h.close();
  }
});

Deno.test("notifyEvent() tries three times, then gives up without throwing", async () => {
  const h = await harness();
  try {
    let tries = 0;
    h.deps.fetch = () => {
      tries++;
      return Promise.reject(new TypeError("connection refused"));
    };
    assert.equal(await notifyEvent(h.deps, "report.filed", "hello"), false);
    assert.equal(tries, 3);
  } finally {
    await h.close();
  }
});

Deno.test("notifyEvent() does not retry a webhook that refuses the request", async () => {
  const h = await harness();
  try {
    let tries = 0;
    h.deps.fetch = () => {
      tries++;
      return Promise.resolve(new Response("no", { status: 404 }));
    };
    assert.equal(await notifyEvent(h.deps, "report.filed", "hello"), false);
    assert.equal(tries, 1);
  } finally {
    await h.close();
  }
});
