/**
 * Contract test: every recorded Mastodon 4.6.4 answer the client can meet is served through an
 * injected fetch, parsed by the client, compared with the recording (no field lost), and checked
 * against the community OpenAPI schema. The recordings are the reference where the two disagree.
 */
import assert from "node:assert/strict";
import { createMastodon, type Mastodon } from "./client.ts";
import { MastodonError } from "./errors.ts";
import { accountSchema, ruleSchema } from "./schemas.ts";
import { type Exchange, loadExchanges } from "./testing/cassettes.ts";
import { openApiChecker, type OpenApiDoc } from "./testing/openapi.ts";

/**
 * Where the OpenAPI description is stricter than what Mastodon 4.6.4 really sends. Each entry
 * relaxes the schema in memory, with the recording that proves it.
 */
const OPENAPI_EXCEPTIONS: { field: string; reason: string; relax: (doc: OpenApiDoc) => void }[] = [
  {
    field: "AdminAccount.locale",
    reason: "null for a user who never chose a locale (test_admin_accounts.yaml #2)",
    relax: (d) => (d.components.schemas.AdminAccount.properties.locale.type = ["string", "null"]),
  },
  {
    field: "AdminAccount.email",
    reason:
      "format email rejects user@localhost, which Mastodon accepts (test_admin_accounts.yaml)",
    relax: (d) => delete d.components.schemas.AdminAccount.properties.email.format,
  },
  {
    field: "PreviewCard.author_url, provider_url, embed_url",
    reason: "empty strings, not URIs, when the page names none (test_status_card.yaml #1)",
    relax: (d) => {
      const card = d.components.schemas.PreviewCard.properties;
      for (const name of ["author_url", "provider_url", "embed_url"]) delete card[name].format;
    },
  },
  {
    field: "Instance.contact.email",
    reason: "an empty string when no contact address is set (test_instance.yaml #0)",
    relax: (d) => delete d.components.schemas.Instance.properties.contact.properties.email.format,
  },
];

const exchanges = await loadExchanges();
const checkOpenApi = await openApiChecker(OPENAPI_EXCEPTIONS.map((e) => e.relax));

function assertOpenApi(entity: string, value: unknown, where: string) {
  assert.deepEqual(checkOpenApi(entity, value), [], `${where} does not match OpenAPI ${entity}`);
}

/** How the client meets one kind of recorded exchange. */
interface Route {
  match: RegExp;
  entity: string;
  /** False when the recorded endpoint is a sibling answering with the same entity. */
  sameEndpoint: boolean;
  call: (m: Mastodon, e: Exchange) => Promise<unknown>;
}

const bodyId = (e: Exchange) => (e.body as { id: string }).id;
const lastSegment = (e: Exchange) => e.url.pathname.split("/").filter(Boolean).at(-1)!;

const ROUTES: Route[] = [
  {
    match: /^GET \/api\/v2\/instance$/,
    entity: "Instance",
    sameEndpoint: true,
    call: (m) => m.instance(),
  },
  {
    match: /^GET \/api\/v1\/accounts\/verify_credentials$/,
    entity: "CredentialAccount",
    sameEndpoint: true,
    call: (m) => m.verifyCredentials("admin"),
  },
  {
    match: /^GET \/api\/v2\/admin\/accounts$/,
    entity: "AdminAccount",
    sameEndpoint: true,
    call: (m, e) => m.listAdminAccounts({ origin: e.url.searchParams.get("origin") as "local" }),
  },
  {
    // The v1 list answers with the same Admin::Account entities and Link paging.
    match: /^GET \/api\/v1\/admin\/accounts$/,
    entity: "AdminAccount",
    sameEndpoint: false,
    call: (m) => m.listAdminAccounts({}),
  },
  {
    match: /^GET \/api\/v1\/admin\/accounts\/\d+$/,
    entity: "AdminAccount",
    sameEndpoint: true,
    call: (m, e) => m.adminAccount(lastSegment(e)),
  },
  {
    match: /^GET \/api\/v1\/statuses\/\d+$/,
    entity: "Status",
    sameEndpoint: true,
    call: (m, e) => m.status(lastSegment(e)),
  },
  {
    // Posting a status answers with the Status entity that status(id) reads.
    match: /^POST \/api\/v1\/statuses$/,
    entity: "Status",
    sameEndpoint: false,
    call: (m, e) => m.status(bodyId(e)),
  },
  {
    match: /^POST \/api\/v1\/reports$/,
    entity: "Report",
    sameEndpoint: true,
    call: (m, e) => {
      const form = new URLSearchParams(e.requestBody ?? "");
      return m.createReport({
        accountId: form.get("account_id")!,
        comment: form.get("comment") ?? undefined,
        statusIds: form.getAll("status_ids[]"),
      });
    },
  },
  {
    match: /^GET \/api\/v1\/admin\/reports$/,
    entity: "AdminReport",
    sameEndpoint: true,
    call: (m) => m.listAdminReports({}),
  },
  {
    match: /^GET \/api\/v1\/admin\/reports\/\d+$/,
    entity: "AdminReport",
    sameEndpoint: true,
    call: (m, e) => m.adminReport(lastSegment(e)),
  },
  {
    // Moderator actions answer with the Admin::Report entity that adminReport(id) reads.
    match: /^POST \/api\/v1\/admin\/reports\/\d+\/(resolve|reopen|assign_to_self|unassign)$/,
    entity: "AdminReport",
    sameEndpoint: false,
    call: (m, e) => m.adminReport(e.url.pathname.split("/")[5]),
  },
];

/** Exchanges whose entity the client never reads through an endpoint: checked by schema only. */
const SCHEMA_ONLY = [
  {
    match: /^GET \/api\/v1\/accounts\/(\d+|lookup)$/,
    entity: "Account",
    schema: accountSchema,
    list: false,
  },
  { match: /^GET \/api\/v1\/accounts$/, entity: "Account", schema: accountSchema, list: true },
  { match: /^GET \/api\/v1\/instance\/rules$/, entity: "Rule", schema: ruleSchema, list: true },
];

/** Left out, with the reason. */
const NOT_COVERED: { match: RegExp; reason: string }[] = [
  { match: /^DELETE \/api\/v1\/statuses\/\d+$/, reason: "the client never deletes anything" },
  { match: /^GET \/api\/v1\/instance$/, reason: "the client reads /api/v2/instance only" },
];

const key = (e: Exchange) => `${e.method} ${e.url.pathname.replace(/\/+$/, "")}`;
const where = (e: Exchange) => `${e.file} #${e.index} (${key(e)})`;
const counts = { sameEndpoint: 0, sameEntity: 0, error: 0, schemaOnly: 0, notCovered: 0 };

/** A client whose fetch answers with the recorded response and remembers what it was asked. */
function replay(e: Exchange) {
  const seen: { method: string; url: URL; headers: Headers; body: string | null }[] = [];
  const headers = new Headers(e.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  const client = createMastodon({
    baseUrl: `${e.url.protocol}//${e.url.host}`,
    adminToken: "admin-token-for-contract",
    reporterToken: "reporter-token-for-contract",
    userAgent: "MastoWatch/contract-test",
    timeoutMs: 5_000,
    maxRetries: 0,
    fetch: (input, init) => {
      seen.push({
        method: init?.method ?? "GET",
        url: new URL(String(input)),
        headers: new Headers(init?.headers),
        body: typeof init?.body === "string" ? init.body : null,
      });
      return Promise.resolve(new Response(e.bodyText, { status: e.status, headers }));
    },
    sleep: () => Promise.resolve(),
  });
  return { client, seen };
}

/** The cursors in a recorded Link header, read independently of the client's parser. */
function recordedLinks(header: string | undefined) {
  const out: { next?: { maxId: string }; prev?: { minId: string } } = {};
  for (const part of (header ?? "").split(/,\s*(?=<)/)) {
    const m = part.match(/^<(.+)>;\s*rel="(\w+)"$/s);
    if (!m) continue;
    const params = new URL(m[1]).searchParams;
    if (m[2] === "next") out.next = { maxId: params.get("max_id")! };
    if (m[2] === "prev") out.prev = { minId: params.get("min_id")! };
  }
  return out;
}

for (const e of exchanges) {
  const route = ROUTES.find((r) => r.match.test(key(e)));
  if (route && e.status === 200) {
    counts[route.sameEndpoint ? "sameEndpoint" : "sameEntity"]++;
    Deno.test(`createMastodon() parses the recorded answer of ${where(e)}`, async () => {
      const { client, seen } = replay(e);
      const result = await route.call(client, e);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].headers.get("user-agent"), "MastoWatch/contract-test");
      if (route.sameEndpoint) {
        assert.equal(`${seen[0].method} ${seen[0].url.pathname}`, key(e));
      }
      const isPage = typeof result === "object" && result !== null && "items" in result;
      const entities = isPage ? (result as { items: unknown[] }).items : result;
      assert.deepEqual(entities, e.body, "the parsed entity differs from the recording");
      if (isPage) {
        const { next, prev } = result as { next?: unknown; prev?: unknown };
        assert.deepEqual({ next, prev }, {
          next: undefined,
          prev: undefined,
          ...recordedLinks(e.headers.link),
        });
      }
      if (key(e) === "POST /api/v1/reports") {
        assert.equal(seen[0].headers.get("authorization"), "Bearer reporter-token-for-contract");
        const sorted = (body: string | null) => [...new URLSearchParams(body ?? "")].sort();
        assert.deepEqual(
          sorted(seen[0].body),
          sorted(e.requestBody),
          "form differs from Mastodon.py's",
        );
      }
      for (const [i, entity] of (Array.isArray(entities) ? entities : [entities]).entries()) {
        assertOpenApi(route.entity, entity, `${where(e)} item ${i}`);
      }
    });
    continue;
  }
  if (key(e) === "GET /api/v1/statuses/0" && e.status === 404) {
    counts.error++;
    Deno.test(`createMastodon() turns the recorded 404 of ${where(e)} into a MastodonError`, async () => {
      const { client, seen } = replay(e);
      const err = await client.status("0").then(() => undefined, (x) => x);
      assert.ok(err instanceof MastodonError);
      assert.equal(seen.length, 1);
      assert.equal(err.status, 404);
      assert.equal(err.retryable, false);
      assert.equal(err.code, "not_found");
      assert.match(err.message, /GET \/api\/v1\/statuses\/:id failed with HTTP 404: Not Found$/);
    });
    continue;
  }
  const schemaOnly = SCHEMA_ONLY.find((s) => s.match.test(key(e)));
  if (schemaOnly && e.status === 200) {
    counts.schemaOnly++;
    Deno.test(`schemas.ts parses the recorded ${schemaOnly.entity} of ${where(e)}`, () => {
      const items = schemaOnly.list ? e.body as unknown[] : [e.body];
      for (const [i, item] of items.entries()) {
        assert.deepEqual(schemaOnly.schema.parse(item), item);
        assertOpenApi(schemaOnly.entity, item, `${where(e)} item ${i}`);
      }
    });
    continue;
  }
  assert.ok(NOT_COVERED.some((n) => n.match.test(key(e))), `no route for ${where(e)}`);
  counts.notCovered++;
}

Deno.test("the contract test checks more than 30 recorded exchanges through the client", () => {
  const checked = counts.sameEndpoint + counts.sameEntity + counts.error;
  console.log(
    `recorded exchanges: ${exchanges.length}; through the client: ${checked} ` +
      `(${counts.sameEndpoint} on their own endpoint, ${counts.sameEntity} as the same entity, ` +
      `${counts.error} error); schema only: ${counts.schemaOnly}; not covered: ${counts.notCovered}`,
  );
  assert.ok(checked > 30, `only ${checked} exchanges checked`);
  assert.equal(checked + counts.schemaOnly + counts.notCovered, exchanges.length);
});
