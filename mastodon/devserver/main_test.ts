import assert from "node:assert/strict";
import { startDevServer } from "./main.ts";

Deno.test("startDevServer listens on a free port and entity URLs use that origin", async () => {
  const running = await startDevServer({ port: 0 });
  try {
    const res = await fetch(`${running.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: "Bearer dev-admin-token" },
    });
    assert.equal(res.status, 200);
    const me = await res.json();
    assert.equal(me.url, `${running.url}/@admin`);
    const instance = await (await fetch(`${running.url}/api/v2/instance`)).json();
    assert.equal(instance.domain, new URL(running.url).host);
  } finally {
    await running.shutdown();
  }
});
