import assert from "node:assert/strict";
import { parseRescanArgs, runRescanTask } from "../../scripts/rescan.ts";
import { ServiceError } from "../../scripts/service_client.ts";
import { STACK_API_KEY, startStack } from "../e2e/stack.ts";
import { runTask } from "./task_harness.ts";

Deno.test("parseRescanArgs() takes an account id, and names what is not one", () => {
  assert.deepEqual(parseRescanArgs([]), { wait: true });
  assert.deepEqual(parseRescanArgs(["1234", "--no-wait"]), { account: "1234", wait: false });
  assert.throws(
    () => parseRescanArgs(["@spammer@bad.example"]),
    /"@spammer@bad\.example" is not an account id/,
  );
  assert.throws(() => parseRescanArgs(["1", "2"]), /usage: deno task rescan/);
  assert.throws(() => parseRescanArgs(["--url"]), /usage: deno task rescan/);
  assert.throws(() => parseRescanArgs(["--every"]), /unknown option --every/);
});

Deno.test("deno task rescan queues one account or every account seen, through the service", async (t) => {
  const stack = await startStack();
  const target = { url: stack.service.url, apiKey: STACK_API_KEY };
  try {
    await stack.runJob("poll-remote-accounts");
    await stack.runJob("poll-local-accounts");
    await stack.idle();
    const [{ n }] = await stack.service.ctx.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM accounts`;
    assert.ok(n > 10, `accounts seen: ${n}`);
    const [{ id }] = await stack.service.ctx.sql<{ id: string }[]>`
      SELECT id FROM accounts ORDER BY id LIMIT 1`;

    await t.step("every account: followed until each is queued", async () => {
      const lines: string[] = [];
      const last = await runRescanTask({ wait: true }, target, (l) => lines.push(l), 50);
      assert.match(lines[0], new RegExp(`^rescan [0-9a-f-]{36}: ${n} accounts to queue$`));
      assert.match(last, new RegExp(`^rescan [0-9a-f-]{36} done: ${n} accounts queued$`));
      const jobId = lines[0].split(" ")[1].replace(":", "");
      const job = await (await stack.api(`/rescan/${jobId}`)).json();
      assert.equal(job.state, "done");
      assert.equal(job.queued, n);
      await stack.idle();
    });

    await t.step("one account: queued with its run id", async () => {
      const said = await runRescanTask({ account: id, wait: true }, target);
      const m = said.match(new RegExp(`^queued account ${id} \\(run (.+)\\)$`));
      assert.ok(m, said);
      await stack.idle();
      const { run } = await (await stack.api(`/workflows/${m[1]}`)).json();
      assert.equal(run.accountId, id);
      assert.equal(run.trigger, "rescan");
      assert.notEqual(run.state, "failed");
    });

    await t.step("an account never seen is a 404 that says so", async () => {
      const err = await runRescanTask({ account: "999999999", wait: true }, target)
        .then(() => undefined, (e) => e);
      assert.ok(err instanceof ServiceError && err.status === 404, String(err));
      assert.match(err.message, /Account 999999999 has not been seen by MastoWatch/);
    });

    await t.step("as a task: exit codes and messages an operator reads", async () => {
      const env = { API_KEY: STACK_API_KEY };
      const one = await runTask("scripts/rescan.ts", [id, "--url", stack.service.url], env);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, new RegExp(`^queued account ${id} \\(run `));
      const unseen = await runTask(
        "scripts/rescan.ts",
        ["999999999", "--url", stack.service.url],
        env,
      );
      assert.equal(unseen.code, 2);
      assert.match(unseen.stderr, /has not been seen by MastoWatch/);
      const noKey = await runTask("scripts/rescan.ts", ["--url", stack.service.url], {});
      assert.equal(noKey.code, 1);
      assert.match(noKey.stderr, /API_KEY is not set/);
      const down = await runTask("scripts/rescan.ts", ["--url", "http://127.0.0.1:9"], env);
      assert.equal(down.code, 1);
      assert.match(
        down.stderr,
        /Cannot reach MastoWatch at http:\/\/127\.0\.0\.1:9 .*is it running\?/,
      );
      await stack.idle();
    });
  } finally {
    await stack.stop();
  }
});
