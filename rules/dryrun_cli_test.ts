import assert from "node:assert/strict";
import { parseArgs, runCli } from "./dryrun_cli.ts";
import { account, status } from "./testing.ts";

const files: Record<string, string> = {
  "one.json": JSON.stringify({
    account: account({ acct: "spammer", display_name: "Mastodon Support" }),
    statuses: [status("<p>Verify your account within 24 hours to avoid suspension</p>")],
  }),
  "many.json": JSON.stringify([
    { account: account({ acct: "anna" }), statuses: [status("<p>Lovely fog today</p>")] },
    { admin: { id: "2", created_at: "2026-11-01T00:00:00Z", account: account({ acct: "bob" }) } },
  ]),
  "rules.json": JSON.stringify([
    { name: "Fog", detector_type: "keyword", pattern: "fog", mode: "report" },
  ]),
  "bad_rules.json": JSON.stringify([{ name: "Bad", detector_type: "regex" }]),
};
const read = (p: string) => Promise.resolve(files[p]);

Deno.test("the dry-run CLI prints a table of scores and rules hit with the starter pack", async () => {
  const lines = await runCli(parseArgs(["one.json"]), read);
  assert.match(lines[0], /^account\s+score\s+rules hit$/);
  assert.match(
    lines[1],
    // Phishing language without a link counts only from young accounts: warnings quote it.
    /^spammer\s+0\.70\s+Impersonates server staff$/,
  );
});

Deno.test("the dry-run CLI reads arrays, Admin::Account items and a --rules file", async () => {
  const lines = await runCli(parseArgs(["many.json", "--rules", "rules.json"]), read);
  assert.match(lines[1], /^anna\s+1\.00\s+Fog$/);
  assert.match(lines[2], /^bob\s+0\.00\s+-$/);
});

Deno.test("the dry-run CLI names the bad rule and field of a rules file", async () => {
  await assert.rejects(
    runCli(parseArgs(["one.json", "--rules", "bad_rules.json"]), read),
    /rules\.0\.pattern: rule "Bad"/,
  );
});

Deno.test("parseArgs() refuses a missing file and unknown options", () => {
  assert.throws(() => parseArgs([]), /usage/);
  assert.throws(() => parseArgs(["a.json", "--nope"]), /unknown option/);
  assert.deepEqual(parseArgs(["a.json", "--json"]), { file: "a.json", json: true });
});
