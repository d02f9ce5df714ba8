import assert from "node:assert/strict";
import { createDevServer } from "../app.ts";
import { auth } from "../test_helpers.ts";

const ADMIN = "dev-admin-token";

function server(perToken: number) {
  let now = Date.parse("2026-12-01T08:00:01Z");
  const s = createDevServer({ now: () => now, rateLimit: perToken });
  s.tick();
  return { s, advance: (ms: number) => void (now += ms) };
}

async function get(s: ReturnType<typeof server>["s"], path: string, token = ADMIN) {
  const res = await s.app.request(path, { headers: auth(token) });
  await res.body?.cancel();
  return res;
}

Deno.test("paged requests have a budget of their own, three times as long as the others'", async () => {
  const { s, advance } = server(300);
  for (let i = 0; i < 300; i++) await get(s, "/api/v2/admin/accounts?max_id=999999999999999999");
  const over = await get(s, "/api/v2/admin/accounts?max_id=999999999999999999");
  assert.equal(over.status, 429, "the paged budget is spent");
  assert.equal((await get(s, "/api/v2/admin/accounts")).status, 429, "and with it the token's");
  advance(300_000);
  assert.equal((await get(s, "/api/v2/admin/accounts")).status, 200, "a new 5-minute window");
  const paged = await get(s, "/api/v2/admin/accounts?min_id=1");
  assert.equal(paged.status, 429, "paged requests wait for their 15-minute window");
  assert.equal(paged.headers.get("x-ratelimit-limit"), "300");
});

Deno.test("a user's tokens share the 1,500 per 5 minutes of their account", async () => {
  const { s } = server(300);
  const extra = s.state.credentials.issueToken({
    name: "admin-2",
    accountId: s.state.fixedAccount("admin").admin.id,
    scopes: ["read", "admin:read"],
  });
  // Five tokens of 300 each would allow 1,500; the user's own budget is what stops the sixth.
  const tokens = [
    ADMIN,
    extra,
    ...[0, 1, 2].map((i) =>
      s.state.credentials.issueToken({
        name: `admin-${i + 3}`,
        accountId: s.state.fixedAccount("admin").admin.id,
        scopes: ["read", "admin:read"],
      })
    ),
  ];
  for (const t of tokens) for (let i = 0; i < 300; i++) await get(s, "/api/v1/instance", t);
  const sixth = s.state.credentials.issueToken({
    name: "admin-6",
    accountId: s.state.fixedAccount("admin").admin.id,
    scopes: ["read"],
  });
  const res = await get(s, "/api/v1/instance", sixth);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("x-ratelimit-limit"), "1500");
});
