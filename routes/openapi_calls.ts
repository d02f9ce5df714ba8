/**
 * Example calls of every described route, in an order that makes each one meaningful (a rule
 * is created before it is read, a login begun before its callback). routes/openapi_test.ts
 * checks each answer against /openapi.json; a route added to the API needs a call here.
 */
import type { Hono } from "hono";
import { createHmac } from "node:crypto";
import { TEST_API_KEY } from "../tests/api.ts";
import type { AppEnv } from "../server/types.ts";

/**
 * A call made: the operation it exercises, the path sent, the JSON body sent (if any), the
 * answer and its parsed body.
 */
export interface Call {
  op: string;
  path: string;
  sent?: unknown;
  res: Response;
  body: unknown;
}

/** What the test seeded. */
export interface Seeded {
  accountId: string;
  doneRun: string;
  failedRun: string;
  deadRun: string;
}

const KEY = { "x-api-key": TEST_API_KEY };
const JSON_KEY = { ...KEY, "content-type": "application/json" };
const HTML = { accept: "text/html" };

const account = (id: string) => ({
  id,
  username: `user${id}`,
  acct: `user${id}@remote.example`,
  display_name: "",
  note: "<p>hi</p>",
  created_at: "2026-11-30T00:00:00.000Z",
  statuses_count: 1,
  followers_count: 0,
  following_count: 0,
});
const status = (id: string, text: string) => ({
  id,
  content: `<p>${text}</p>`,
  created_at: "2026-12-01T00:00:00.000Z",
  visibility: "public",
  media_attachments: [],
  mentions: [],
  tags: [],
});

/** Makes the calls; yields each answer with its body read. */
export async function* exampleCalls(
  app: Hono<AppEnv>,
  seeded: Seeded,
  webhookSecret: string,
): AsyncGenerator<Call> {
  const send = async (op: string, path: string, init: RequestInit = {}): Promise<Call> => {
    const res = await app.request(path, init);
    const type = res.headers.get("content-type") ?? "";
    const body = /json/.test(type) ? await res.json() : await res.text();
    const json = /json/.test(new Headers(init.headers).get("content-type") ?? "");
    return { op, path, sent: json ? JSON.parse(String(init.body)) : undefined, res, body };
  };
  const json = (body: unknown, method = "POST"): RequestInit => ({
    method,
    headers: JSON_KEY,
    body: JSON.stringify(body),
  });

  yield await send("GET /livez", "/livez");
  yield await send("GET /healthz", "/healthz");
  yield await send("GET /metrics", "/metrics");
  yield await send("GET /openapi.json", "/openapi.json");
  for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "api_reference.js"]) {
    yield await send("GET /docs/api/assets/{file}", `/docs/api/assets/${file}`);
  }
  yield await send("GET /docs/api/assets/{file}", "/docs/api/assets/secrets.json");

  // A moderator logs in: the page, the start, Mastodon's redirect back.
  yield await send("GET /login", "/login", { headers: HTML });
  let session = "";
  for (const callback of ["/admin/callback", "/oauth/callback"]) {
    const begun = await send("GET /admin/login", "/admin/login?next=%2Fdocs%2Fapi");
    yield begun;
    const state = new URL(begun.res.headers.get("location")!).searchParams.get("state")!;
    const cookie = (begun.res.headers.get("set-cookie") ?? "").split(";")[0];
    const back = await send(
      `GET ${callback}`,
      `${callback}?code=mod-code&state=${encodeURIComponent(state)}`,
      { headers: { cookie } },
    );
    yield back;
    session = (back.res.headers.get("set-cookie") ?? "").match(/mw_session=[^;]+/)?.[0] ?? "";
  }
  const page = await send("GET /docs/api", "/docs/api", { headers: { ...HTML, cookie: session } });
  yield page;
  const csrf = String(page.body).match(/name="csrf" value="([^"]+)"/)?.[1] ?? "";
  yield await send("GET /api/v1/me", "/api/v1/me", { headers: { cookie: session } });
  yield await send("GET /api/v1/me", "/api/v1/me", { headers: KEY });
  yield await send("GET /docs/api", "/docs/api", { headers: { ...KEY, ...HTML } });
  yield await send("GET /", "/", { headers: { ...KEY, ...HTML } });

  yield await send("GET /analytics/overview", "/analytics/overview", { headers: KEY });
  yield await send("GET /analytics/timeline", "/analytics/timeline?days=7", { headers: KEY });
  yield await send("GET /analytics/timeline", "/analytics/timeline?days=0", { headers: KEY });
  yield await send("GET /analytics/rules", "/analytics/rules?days=30", { headers: KEY });
  yield await send("GET /settings", "/settings", { headers: KEY });
  yield await send("GET /settings", "/settings", { headers: { ...KEY, ...HTML } });
  yield await send("GET /logs", "/logs?limit=5", { headers: KEY });

  // Rules: created, read, changed, switched, reverted, imported, deleted.
  const rule = {
    name: "openapi-probe",
    detector_type: "keyword",
    pattern: "free crypto",
    weight: 2,
  };
  const created = await send("POST /rules", "/rules", json(rule));
  yield created;
  const id = (created.body as { id: string }).id;
  yield await send("POST /rules", "/rules", json({ ...rule, weight: "heavy" }));
  yield await send("POST /rules", "/rules", json(rule));
  yield await send("GET /rules", "/rules", { headers: KEY });
  yield await send("GET /rules", "/rules?include_deleted=true", { headers: KEY });
  yield await send("GET /rules/export", "/rules/export", { headers: KEY });
  yield await send("GET /rules/{id}", `/rules/${id}`, { headers: KEY });
  yield await send("GET /rules/{id}", "/rules/999999", { headers: KEY });
  yield await send("GET /rules/{id}/versions", `/rules/${id}/versions`, { headers: KEY });
  yield await send("PUT /rules/{id}", `/rules/${id}`, json({ weight: 3 }, "PUT"));
  yield await send("POST /rules/{id}/toggle", `/rules/${id}/toggle`, {
    method: "POST",
    headers: KEY,
  });
  yield await send("POST /rules/{id}/revert", `/rules/${id}/revert`, json({ version: 1 }));
  yield await send("POST /rules/{id}/promote", `/rules/${id}/promote`, json({}));
  yield await send("POST /rules/{id}/promote", `/rules/${id}/promote`, json({ reason: "fits" }));
  yield await send("POST /rules/{id}/promote", `/rules/${id}/promote`, json({ reason: "again" }));
  yield await send("POST /outcomes/sync", "/outcomes/sync", { method: "POST", headers: KEY });
  yield await send("GET /rules/new", "/rules/new", { headers: { ...KEY, ...HTML } });
  const imported = { ...rule, name: "openapi-imported", pattern: "giveaway" };
  yield await send("POST /rules/import", "/rules/import", json([imported]));
  yield await send("GET /rules/samples/{accountId}", `/rules/samples/${seeded.accountId}`, {
    headers: KEY,
  });
  yield await send("GET /api/v1/instance/rules", "/api/v1/instance/rules", { headers: KEY });

  // A what-if backtest of a change to the rule, read until it is done; and spam waves.
  const backtest = await send(
    "POST /backtest",
    "/backtest",
    json({
      rule_id: id,
      changes: { pattern: "giveaway" },
      days: 7,
    }),
  );
  yield backtest;
  yield await send("POST /backtest", "/backtest", json({ rule: { name: "" }, days: 7 }));
  yield await send("POST /backtest", "/backtest", json({ rule: rule, days: 100_000 }));
  const backtestId = (backtest.body as { id: string }).id;
  for (let i = 0; i < 100; i++) {
    const progress = await send("GET /backtest/{id}", `/backtest/${backtestId}`, {
      headers: KEY,
    });
    if ((progress.body as { state?: string }).state !== "running") {
      yield progress;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  yield await send("GET /backtest/{id}", "/backtest/999999", { headers: KEY });
  const waves = await send("GET /waves", "/waves", { headers: KEY });
  yield waves;
  const waveId = (waves.body as { id: string }[])[0]?.id;
  yield await send("GET /waves/{id}", `/waves/${waveId}`, { headers: KEY });
  yield await send("GET /waves", "/waves", { headers: { ...KEY, ...HTML } });
  yield await send("GET /waves/{id}", "/waves/999999", { headers: KEY });

  const item = { account: account("9001"), statuses: [status("1", "free crypto for all")] };
  yield await send("POST /dryrun/evaluate", "/dryrun/evaluate", json(item));
  yield await send("POST /dryrun/evaluate", "/dryrun/evaluate", json({ items: [item, item] }));
  yield await send("POST /dryrun/evaluate", "/dryrun/evaluate", json({ items: [] }));

  yield await send("GET /config", "/config", { headers: KEY });
  yield await send("POST /config/dry_run", "/config/dry_run?enable=true", {
    method: "POST",
    headers: KEY,
  });
  yield await send("POST /config/panic_stop", "/config/panic_stop?enable=false", {
    method: "POST",
    headers: KEY,
  });

  yield await send("GET /accounts", "/accounts?limit=10", { headers: KEY });
  yield await send("GET /accounts", "/accounts?sort=%00", { headers: KEY });
  yield await send("GET /accounts/{id}", `/accounts/${seeded.accountId}`, { headers: KEY });
  yield await send("GET /workflows", "/workflows", { headers: KEY });
  yield await send("GET /workflows/counts", "/workflows/counts", { headers: KEY });
  yield await send("GET /workflows/{id}", `/workflows/${seeded.doneRun}`, { headers: KEY });
  const post = { method: "POST", headers: KEY };
  yield await send("POST /workflows/{id}/retry", `/workflows/${seeded.failedRun}/retry`, post);
  yield await send("POST /workflows/{id}/retry", `/workflows/${seeded.doneRun}/retry`, post);
  yield await send("POST /workflows/{id}/redrive", `/workflows/${seeded.deadRun}/redrive`, post);

  yield await send(
    "POST /accounts/{id}/rescan",
    `/accounts/${seeded.accountId}/rescan`,
    post,
  );
  const rescan = await send("POST /rescan", "/rescan", post);
  yield rescan;
  const job = (rescan.body as { id: string }).id;
  for (let i = 0; i < 100; i++) {
    // The rescan runs in the background; it is read until it is done.
    const progress = await send("GET /rescan/{id}", `/rescan/${job}`, { headers: KEY });
    if ((progress.body as { state?: string }).state !== "running") {
      yield progress;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  yield await send("GET /rescan", "/rescan", { headers: KEY });

  for (
    const [path, event] of [["/webhooks/mastodon", "account.created"], [
      "/webhooks/status",
      "status.created",
    ]]
  ) {
    const body = JSON.stringify({
      event,
      created_at: new Date().toISOString(),
      object: event === "status.created"
        ? { ...status("77", "hello"), account: account("78") }
        : { id: "79", username: "new", domain: null, account: account("79") },
    });
    const signature = `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`;
    const headers = { "content-type": "application/json", "x-hub-signature": signature };
    yield await send(`POST ${path}`, path, { method: "POST", headers, body });
    yield await send(`POST ${path}`, path, { method: "POST", headers: {}, body });
  }

  const importedId = ((await (await app.request("/rules", { headers: KEY })).json()).rules as {
    id: string;
    name: string;
  }[]).find((r) => r.name === "openapi-imported")!.id;
  yield await send("POST /rules/{id}/delete", `/rules/${importedId}/delete`, post);
  yield await send("DELETE /rules/{id}", `/rules/${id}`, { method: "DELETE", headers: KEY });

  const form = () => ({
    method: "POST",
    headers: { cookie: session, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf }).toString(),
  });
  yield await send("POST /admin/logout", "/admin/logout", form());
  yield await send("POST /logout", "/logout", form());
}
