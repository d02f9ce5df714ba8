import assert from "node:assert/strict";
import { runRules } from "../../scripts/rules.ts";
import { ServiceError } from "../../scripts/service_client.ts";
import { STACK_API_KEY, startStack } from "../e2e/stack.ts";
import { runTask } from "./task_harness.ts";

type Rule = Record<string, unknown> & { name: string; mode?: string };

Deno.test("deno task rules: export writes the pack, import adds all of its rules or none", async (t) => {
  const stack = await startStack();
  const dir = await Deno.makeTempDir({ prefix: "mw-rules-" });
  const target = { url: stack.service.url, apiKey: STACK_API_KEY };
  const count = async () => ((await (await stack.api("/rules")).json()).rules as unknown[]).length;
  try {
    const file = `${dir}/pack.json`;
    const live = await count();
    assert.ok(live > 0, "the starter pack is installed");

    await t.step("export writes every live rule as rule JSON", async () => {
      const said = await runRules({ command: "export", file, force: false }, target);
      assert.equal(said, `exported ${live} rules to ${file}`);
      const pack = JSON.parse(await Deno.readTextFile(file)) as Rule[];
      assert.equal(pack.length, live);
      for (const r of pack) {
        assert.equal(typeof r.name, "string");
        assert.ok("detector_type" in r && "pattern" in r && "weight" in r && "mode" in r);
        assert.ok(!("id" in r) && !("version" in r), "server-managed fields stay out");
      }
    });

    await t.step("a second export leaves an existing file alone unless --force", async () => {
      await Deno.writeTextFile(file, "[]");
      await assert.rejects(
        runRules({ command: "export", file, force: false }, target),
        /exists; give --force/,
      );
      assert.equal(await Deno.readTextFile(file), "[]");
      await runRules({ command: "export", file, force: true }, target);
      assert.equal((JSON.parse(await Deno.readTextFile(file)) as Rule[]).length, live);
    });

    const pack = JSON.parse(await Deno.readTextFile(file)) as Rule[];

    await t.step("a pack whose names exist is refused whole", async () => {
      const mixed = [{ ...pack[0], name: "brand new rule" }, pack[1]];
      await Deno.writeTextFile(`${dir}/mixed.json`, JSON.stringify(mixed));
      const err = await runRules(
        { command: "import", file: `${dir}/mixed.json`, force: false },
        target,
      )
        .then(() => undefined, (e) => e);
      assert.ok(err instanceof ServiceError && err.status === 409, String(err));
      assert.equal(await count(), live, "the new rule was not kept either");
    });

    await t.step("an invalid rule is named and nothing is imported", async () => {
      const bad = [{ ...pack[0], name: "fine" }, { ...pack[1], name: "broken", weight: "heavy" }];
      await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify(bad));
      await assert.rejects(
        runRules({ command: "import", file: `${dir}/bad.json`, force: false }, target),
        /bad\.json has 1 invalid field\(s\); nothing was imported:\n {2}1\.weight: rule "broken"/,
      );
      assert.equal(await count(), live);
    });

    await t.step("an unsafe regex is refused by the service, and nothing is kept", async () => {
      const unsafe = [
        { ...pack[0], name: "ok rule" },
        {
          name: "hangs",
          detector_type: "regex",
          pattern: "^(a+)+\\1$",
          weight: 1,
          enabled: true,
          mode: "shadow",
        },
      ];
      await Deno.writeTextFile(`${dir}/unsafe.json`, JSON.stringify(unsafe));
      const err = await runRules(
        { command: "import", file: `${dir}/unsafe.json`, force: false },
        target,
      )
        .then(() => undefined, (e) => e);
      assert.ok(err instanceof ServiceError && err.status === 422, String(err));
      assert.match(JSON.stringify(err.details), /"field":"1\.pattern".*catastrophic/);
      assert.equal(await count(), live);
    });

    await t.step("the same pack under new names imports whole, fields intact", async () => {
      const renamed = pack.map((r) => ({ ...r, name: `${r.name} (shared)` }));
      await Deno.writeTextFile(`${dir}/renamed.json`, JSON.stringify(renamed));
      const reporting = renamed.filter((r) => r.mode === "report").length;
      const said = await runRules(
        { command: "import", file: `${dir}/renamed.json`, force: false },
        target,
      );
      assert.equal(
        said,
        `imported ${live} rules from ${dir}/renamed.json ` +
          `(${reporting} in report mode, ${live - reporting} in shadow mode)`,
      );
      assert.equal(await count(), live * 2);
      const after = await (await stack.api("/rules/export")).json() as Rule[];
      for (const r of renamed) {
        const got = after.find((a) => a.name === r.name);
        assert.deepEqual(got, r);
      }
    });

    await t.step(
      "as a task: a bad pack exits 1 naming the field; no key is refused by name",
      async () => {
        const env = { API_KEY: STACK_API_KEY, DATABASE_URL: "", LOG_LEVEL: "error" };
        const bad = await runTask(
          "scripts/rules.ts",
          ["import", `${dir}/bad.json`, "--url", stack.service.url],
          env,
        );
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /1\.weight: rule "broken"/);
        const wrongKey = await runTask(
          "scripts/rules.ts",
          ["export", "-", "--url", stack.service.url],
          { API_KEY: "not-the-key-0123456789" },
        );
        assert.equal(wrongKey.code, 1);
        assert.match(wrongKey.stderr, /refused the API key \(401\)/);
        const out = await runTask(
          "scripts/rules.ts",
          ["export", "-", "--url", stack.service.url],
          env,
        );
        assert.equal(out.code, 0, out.stderr);
        assert.equal((JSON.parse(out.stdout) as Rule[]).length, live * 2);
        const usage = await runTask("scripts/rules.ts", ["publish", "x.json"], env);
        assert.equal(usage.code, 1);
        assert.match(usage.stderr, /usage: deno task rules export\|import FILE/);
      },
    );
  } finally {
    await stack.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
