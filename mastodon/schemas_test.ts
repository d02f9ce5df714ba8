import assert from "node:assert/strict";
import { adminAccountSchema, reportSchema, roleSchema, statusSchema } from "./schemas.ts";
import {
  sampleAccount,
  sampleAdminAccount,
  sampleReport,
  sampleStatus,
} from "./testing/samples.ts";

Deno.test("adminAccountSchema accepts an account without application, invite request, ip or email", () => {
  const {
    created_by_application_id: _a,
    invite_request: _i,
    ip: _ip,
    email: _e,
    ips: _ips,
    ...remote
  } = sampleAdminAccount("5", { domain: "remote.example" });
  assert.equal(adminAccountSchema.parse(remote).domain, "remote.example");
});

Deno.test("statusSchema keeps fields it does not know and reads a boost", () => {
  const author = sampleAccount("1");
  const boosted = sampleStatus("2", sampleAccount("3"));
  const boost = {
    ...sampleStatus("4", author, { reblog: boosted }),
    quote_approval: { manual: [] },
  };
  const parsed = statusSchema.parse(boost);
  assert.deepEqual(parsed.quote_approval, { manual: [] });
  assert.equal(parsed.reblog?.id, "2");
});

Deno.test("statusSchema rejects a status without content", () => {
  const { content: _, ...bare } = sampleStatus("1", sampleAccount("2"));
  assert.equal(statusSchema.safeParse(bare).success, false);
});

Deno.test("reportSchema accepts rule_ids null, as Mastodon sends when no rule is cited", () => {
  const report = sampleReport("1", sampleAccount("2"), { rule_ids: null });
  assert.equal(reportSchema.parse(report).rule_ids, null);
});

Deno.test("roleSchema reads permissions given as a number as a decimal string", () => {
  const role = roleSchema.parse({ id: 3, name: "Owner", permissions: 1048575 });
  assert.deepEqual([role.id, role.permissions], ["3", "1048575"]);
});
