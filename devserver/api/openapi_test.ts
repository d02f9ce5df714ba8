/**
 * Checks the development server's entities against the community OpenAPI description, with
 * relaxations only where real Mastodon itself disagrees with that description:
 * - remote accounts have no user, so Admin::Account's user fields are null (Mastodon delegates
 *   them to the user with allow_nil);
 * - emails like `admin@localhost` (as recorded) are not RFC "email" format;
 * - preview cards carry "" for absent author/provider/embed URLs (as recorded).
 */
import assert from "node:assert/strict";
import {
  openApiChecker,
  type OpenApiDoc,
  type SchemaNode,
} from "../../mastodon/testing/openapi.ts";
import { generatePopulation } from "../population/generate.ts";
import { arrivedServer, auth, getJson, postJson } from "../test_helpers.ts";
import type { Json } from "../entities.ts";

function nullable(node: SchemaNode & { $ref?: string; oneOf?: unknown[] }) {
  if (node.$ref) {
    node.oneOf = [{ $ref: node.$ref }, { type: "null" }];
    delete node.$ref;
  } else node.type = [node.type as string, "null"];
}

const relaxations = [
  (doc: OpenApiDoc) => {
    const admin = doc.components.schemas.AdminAccount.properties;
    for (const key of ["confirmed", "approved", "disabled", "email", "locale", "role"]) {
      nullable(admin[key]);
    }
    delete admin.email.format;
  },
  (doc: OpenApiDoc) => {
    const instanceContact = doc.components.schemas.Instance.properties.contact?.properties;
    if (instanceContact?.email) delete instanceContact.email.format;
    const card = doc.components.schemas.PreviewCard.properties;
    for (const key of ["author_url", "provider_url", "embed_url"]) delete card[key].format;
  },
];

Deno.test("population statuses and admin accounts validate against the OpenAPI entity schemas", async () => {
  const check = await openApiChecker(relaxations);
  const problems = new Set<string>();
  for (const account of generatePopulation(42).accounts) {
    for (const p of check("AdminAccount", account.admin)) problems.add(`AdminAccount${p}`);
    for (const s of account.statuses) {
      for (const p of check("Status", s)) problems.add(`Status${p}`);
    }
  }
  assert.deepEqual([...problems], []);
});

Deno.test("API answers validate against the OpenAPI entity schemas", async () => {
  const check = await openApiChecker(relaxations);
  const server = arrivedServer();
  const target = [...server.state.accounts.values()].find((e) =>
    e.label === "ordinary" && e.statuses.length > 0
  )!;
  const report = await postJson(server, "/api/v1/reports", {
    account_id: target.admin.id,
    status_ids: [target.statuses[0].id],
    rule_ids: ["1"],
  }, "dev-reporter-token");
  const me = await getJson(server, "/api/v1/accounts/verify_credentials");
  const instance = await getJson(server, "/api/v2/instance");
  const rules = await getJson(server, "/api/v1/instance/rules");
  const adminReport = await getJson(server, "/api/v1/admin/reports/1");
  const posted = await server.app.request("/api/v1/statuses", {
    method: "POST",
    headers: { ...auth(), "Content-Type": "application/x-www-form-urlencoded" },
    body: "status=Hello+%23fediverse+https%3A%2F%2Fexample.org%2F&visibility=unlisted",
  });
  const checks: [string, Json][] = [
    ["Report", report.body],
    ["CredentialAccount", me.body],
    ["Instance", instance.body],
    ["Rule", (rules.body as Json[])[0]],
    ["AdminReport", adminReport.body],
    ["Status", await posted.json()],
  ];
  const problems = checks.flatMap(([entity, value]) =>
    check(entity, value).map((p) => `${entity}${p}`)
  );
  assert.deepEqual(problems, []);
});
