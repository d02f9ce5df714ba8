/**
 * Replays every recorded real Mastodon 4.6.4 exchange against the development server and checks
 * status code, JSON shape and the headers a client relies on.
 *
 * Id mapping: recorded ids do not exist in the seeded population, so each cassette file runs
 * against a fresh server and ids are rewritten before sending. Recorded account ids map to
 * fixed accounts (admin, admin2 → admin, moderator) or to ordinary local accounts; recorded
 * usernames likewise. Status ids map to the ids our server answered for the same recorded POST.
 * A report's account_id becomes the owner of the (mapped) reported status, as in the recording.
 */
import assert from "node:assert/strict";
import {
  type Exchange,
  loadExchanges,
  shapeDifferences,
} from "../../mastodon/testing/cassettes.ts";
import { createDevServer, type DevServer } from "../app.ts";

const RESET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

interface Mapping {
  ids: Map<string, string>;
  names: [string, string][];
}

function initialMapping(server: DevServer): Mapping {
  const { state } = server.dev;
  const locals = [...state.accounts.values()].filter((e) =>
    e.label === "ordinary" && e.admin.domain === null && e.statuses.length > 0
  );
  const ids = new Map<string, string>([
    ["117020565693913441", state.fixedAccount("admin").admin.id],
    ["117020565837443964", state.fixedAccount("moderator").admin.id],
    ["117020457910412882", locals[0].admin.id],
    ["117020565966271181", locals[0].admin.id],
    ["117020458041994908", locals[1].admin.id],
    ["117020566092212359", locals[1].admin.id],
  ]);
  const names: [string, string][] = [
    ["mastodonpy_test_2", locals[1].admin.username],
    ["mastodonpy_test", locals[0].admin.username],
  ];
  return { ids, names };
}

function rewrite(text: string, m: Mapping): string {
  let out = text.replace(/\b\d{15,20}\b/g, (id) => m.ids.get(id) ?? id);
  for (const [from, to] of m.names) out = out.replace(new RegExp(`\\b${from}\\b`, "g"), to);
  return out;
}

/** Builds our request from a recorded one, with ids mapped and the right token. */
function toRequest(ex: Exchange, m: Mapping, server: DevServer): Request {
  const url = new URL(rewrite(ex.url.pathname + ex.url.search, m), "http://localhost:3000");
  let body = ex.requestBody === null ? null : rewrite(ex.requestBody, m);
  const isReport = ex.url.pathname.startsWith("/api/v1/reports");
  if (isReport && body) {
    const params = new URLSearchParams(body);
    const statusId = params.get("status_ids[]");
    const owner = statusId ? server.dev.state.statuses.get(statusId)?.accountId : undefined;
    if (owner) params.set("account_id", owner);
    body = params.toString();
  }
  const headers = new Headers({
    Authorization: `Bearer ${isReport ? "dev-reporter-token" : "dev-admin-token"}`,
  });
  const type = ex.requestHeaders["content-type"];
  if (type && body !== null) headers.set("Content-Type", type);
  return new Request(url, { method: ex.method, headers, body });
}

function linkRels(link: string): Map<string, URL> {
  const out = new Map<string, URL>();
  for (const part of link.split(",")) {
    const match = part.match(/<([^>]+)>;\s*rel="([^"]+)"/);
    if (match) out.set(match[2], new URL(match[1]));
  }
  return out;
}

function checkHeaders(ex: Exchange, res: Response, where: string) {
  if (ex.headers["content-type"]) {
    assert.equal(res.headers.get("content-type"), ex.headers["content-type"], where);
  }
  if (ex.headers["x-ratelimit-limit"]) {
    assert.match(res.headers.get("x-ratelimit-limit") ?? "", /^\d+$/, where);
    assert.match(res.headers.get("x-ratelimit-remaining") ?? "", /^\d+$/, where);
    const reset = res.headers.get("x-ratelimit-reset") ?? "";
    assert.match(reset, RESET, where);
    assert.ok(!Number.isNaN(Date.parse(reset)), where);
  }
  if (ex.headers["link"]) {
    const ours = linkRels(res.headers.get("link") ?? "");
    for (const [rel, url] of linkRels(ex.headers["link"])) {
      const mine = ours.get(rel);
      assert.ok(mine, `${where}: Link lacks rel="${rel}"`);
      assert.equal(mine.pathname, url.pathname, where);
      const keys = (u: URL) => [...u.searchParams.keys()].join("&");
      assert.equal(keys(mine), keys(url), `${where}: Link query keys`);
    }
  }
}

/** Learns id mappings from a recorded body and ours (same position, same kind). */
function learnIds(recorded: unknown, ours: unknown, m: Mapping) {
  if (!recorded || !ours || typeof recorded !== "object" || typeof ours !== "object") return;
  const r = recorded as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  if (typeof r.id === "string" && typeof o.id === "string" && !m.ids.has(r.id)) {
    m.ids.set(r.id, o.id);
  }
}

Deno.test("the development server answers every recorded Mastodon exchange with the same status, shape and headers", async () => {
  const exchanges = await loadExchanges();
  const byFile = Map.groupBy(exchanges, (ex) => ex.file);
  let checked = 0;
  const failures: string[] = [];
  for (const [file, list] of byFile) {
    const server = createDevServer({ seed: 42 });
    server.tick();
    const m = initialMapping(server);
    for (const ex of list) {
      const where = `${file}#${ex.index} ${ex.method} ${ex.url.pathname}`;
      const res = await server.fetch(toRequest(ex, m, server));
      const text = await res.text();
      try {
        assert.equal(res.status, ex.status, `${where}: status (${text.slice(0, 200)})`);
        checkHeaders(ex, res, where);
        const body = JSON.parse(text);
        const diffs = shapeDifferences(ex.body, body);
        assert.deepEqual(diffs, [], `${where}: shape`);
        learnIds(ex.body, body, m);
        checked++;
      } catch (err) {
        failures.push(
          (err as Error).message.split("\n")[0] +
            (err as Error).message.split("\n").slice(1, 8).join(" "),
        );
      }
    }
    server.close();
  }
  console.log(`contract: ${checked} of ${exchanges.length} recorded exchanges checked`);
  assert.deepEqual(failures, []);
  assert.equal(checked, exchanges.length);
});
