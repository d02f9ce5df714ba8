import assert from "node:assert/strict";
import { loadConfig } from "../../config.ts";
import { type RunningDevServer, startDevServer } from "../../devserver/main.ts";
import { parseSetupArgs } from "../../scripts/setup/args.ts";
import { runSetup } from "../../scripts/setup.ts";
import type { Io } from "../../scripts/setup/prompt.ts";
import { parseEnvFile } from "./files.ts";
import { runTask } from "./task_harness.ts";

/** A token for a development-server user with the given scopes, through its OAuth flow. */
async function oauthToken(dev: RunningDevServer, user: string, scope: string): Promise<string> {
  const form = (o: Record<string, string>) => new URLSearchParams(o);
  const granted = await fetch(`${dev.url}/oauth/authorize`, {
    method: "POST",
    body: form({ client_id: "dev-client", user, scope, redirect_uri: "urn:ietf:wg:oauth:2.0:oob" }),
  });
  const code = (await granted.text()).match(/<code>([^<]+)<\/code>/)![1];
  const token = await fetch(`${dev.url}/oauth/token`, {
    method: "POST",
    body: form({
      grant_type: "authorization_code",
      code,
      client_id: "dev-client",
      client_secret: "dev-secret",
      redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
    }),
  });
  return (await token.json()).access_token;
}

const listing = async (dir: string) => {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
};

Deno.test("deno task setup against the development server", async (t) => {
  const dev = await startDevServer({ port: 0, arrivals: "manual" });
  const dir = await Deno.makeTempDir({ prefix: "mw-setup-" });
  const out = `${dir}/.env`;
  const setup = (args: string[], env: Record<string, string> = {}) =>
    runTask("scripts/setup.ts", ["--non-interactive", "--output", out, ...args], env);
  const good = ["--instance", dev.url, "--webhook-secret", "dev-webhook-secret"];
  try {
    await t.step("flags that all check out write a .env the service accepts", async () => {
      const r = await setup([
        ...good,
        "--reporter-token",
        "dev-reporter-token",
        "--ui-origin",
        "http://localhost:8080/",
      ], {
        // A token from the environment stays out of the process list.
        MASTODON_ADMIN_TOKEN: "dev-admin-token",
      });
      assert.equal(r.code, 0, r.stderr);
      console.log(`--- transcript ---\n${r.stdout}${r.stderr}--- end ---`);
      assert.match(r.stdout, /✓ Mastodon 4\.6\.4 at /);
      assert.match(r.stdout, /✓ admin token: @admin, role Admin/);
      assert.match(r.stdout, /Events: account\.approved, account\.created, .*status\.updated/);
      assert.match(r.stdout, /Endpoint URL: http:\/\/localhost:8080\/webhooks\/mastodon/);
      const env = parseEnvFile(await Deno.readTextFile(out));
      assert.equal(env.INSTANCE_BASE, dev.url);
      assert.equal(env.MASTODON_ADMIN_TOKEN, "dev-admin-token");
      assert.equal(env.MASTODON_REPORTER_TOKEN, "dev-reporter-token");
      assert.equal(env.WEBHOOK_SECRET, "dev-webhook-secret");
      assert.equal(env.UI_ORIGIN, "http://localhost:8080");
      assert.equal(env.COMPOSE_PROFILES, "service");
      assert.match(env.API_KEY, /^[0-9a-f]{48}$/);
      assert.match(env.SESSION_SECRET, /^[0-9a-f]{64}$/);
      assert.match(env.POSTGRES_PASSWORD, /^[0-9a-f]{48}$/);
      const { config } = loadConfig(env, "production");
      assert.equal(config.instanceBase, dev.url);
      assert.equal((await Deno.stat(out)).mode! & 0o777, 0o600);
      assert.ok(!r.stdout.includes(env.API_KEY), "a generated secret is never printed");
    });

    const first = await Deno.readTextFile(out);

    await t.step(
      "a second run refuses to replace .env; --force keeps its generated secrets",
      async () => {
        const again = await setup([...good, "--admin-token", "dev-admin-token"]);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /exists; give --force/);
        assert.equal(await Deno.readTextFile(out), first);
        const forced = await setup([...good, "--admin-token", "dev-admin-token", "--force"]);
        assert.equal(forced.code, 0, forced.stderr);
        const [a, b] = [parseEnvFile(first), parseEnvFile(await Deno.readTextFile(out))];
        assert.equal(b.API_KEY, a.API_KEY);
        assert.equal(b.POSTGRES_PASSWORD, a.POSTGRES_PASSWORD);
        assert.equal(b.SESSION_SECRET, a.SESSION_SECRET);
        assert.equal(b.MASTODON_REPORTER_TOKEN, undefined, "the admin token files reports now");
        assert.match(forced.stdout, /the admin token files the reports/);
      },
    );

    const refusedRun = async (args: string[]) => {
      await Deno.remove(out).catch(() => {});
      const r = await setup(args);
      assert.equal(r.code, 1, r.stdout);
      assert.deepEqual(await listing(dir), [], "nothing written, no temporary file left");
      assert.match(r.stderr, /nothing was written to/i);
      return r.stderr;
    };

    const refusedRunEnv = async (args: string[], env: Record<string, string>) => {
      await Deno.remove(out).catch(() => {});
      const r = await setup(args, env);
      assert.equal(r.code, 1, r.stdout);
      assert.deepEqual(await listing(dir), []);
      return r.stderr;
    };

    await t.step("a wrong admin token is named, with where to copy the right one", async () => {
      const err = await refusedRun([
        ...good,
        "--admin-token",
        "not-a-token",
        "--reporter-token",
        "dev-reporter-token",
      ]);
      assert.match(err, /✗ MASTODON_ADMIN_TOKEN: Mastodon does not accept this token \(401/);
      assert.match(err, /Preferences > Development/);
      assert.doesNotMatch(err, /MASTODON_REPORTER_TOKEN/);
    });

    await t.step("a wrong reporter token is named apart from a good admin token", async () => {
      const err = await refusedRun([
        ...good,
        "--admin-token",
        "dev-admin-token",
        "--reporter-token",
        "nope",
      ]);
      assert.match(err, /✗ MASTODON_REPORTER_TOKEN: Mastodon does not accept this token/);
      assert.doesNotMatch(err, /MASTODON_ADMIN_TOKEN/);
    });

    await t.step("a token without the admin scopes names each missing scope", async () => {
      const token = await oauthToken(dev, "moderator", "read:accounts admin:read:accounts");
      const err = await refusedRun([...good, "--admin-token", token]);
      assert.match(err, /MASTODON_ADMIN_TOKEN: the token lacks the scope admin:read:reports/);
      assert.match(err, /MASTODON_ADMIN_TOKEN: the token lacks the scope read:statuses/);
      assert.match(err, /tick read:statuses under Scopes and Save changes/);
      assert.doesNotMatch(err, /admin:read:accounts\n/);
      // Nor may it file reports, which the admin token does when no reporter token is given.
      assert.match(
        err,
        /MASTODON_ADMIN_TOKEN \(as reporter\): the token lacks the scope write:reports/,
      );
    });

    await t.step(
      "an account without a staff role names the permissions and the screen",
      async () => {
        const token = await oauthToken(dev, "member", "read write admin:read");
        const err = await refusedRun([...good, "--admin-token", token]);
        assert.match(
          err,
          /@member has the role \(no role\), which lacks Manage Users and Manage Reports/,
        );
        assert.match(err, /Administration > Accounts > the account > Change role/);
      },
    );

    await t.step(
      "a server too old, one unreachable, or no server given stops before the tokens",
      async () => {
        const old = await refusedRunEnv([...good, "--admin-token", "dev-admin-token"], {
          MIN_MASTODON_VERSION: "5.0.0",
        });
        assert.match(old, /✗ INSTANCE_BASE: Mastodon 4\.6\.4 is older than 5\.0\.0/);
        assert.doesNotMatch(old, /MASTODON_ADMIN_TOKEN/);
        const down = await refusedRun(["--instance", "http://127.0.0.1:9", "--admin-token", "x"]);
        assert.match(down, /✗ INSTANCE_BASE: cannot reach http:\/\/127\.0\.0\.1:9/);
        const none = await refusedRun(["--admin-token", "dev-admin-token"]);
        assert.match(none, /✗ INSTANCE_BASE: not given\n {4}fix: give --instance/);
      },
    );

    await t.step("interactive: a refused answer is explained and asked again", async () => {
      await Deno.remove(out).catch(() => {});
      const answers = [dev.url, "wrong-token", "dev-admin-token", "", "", "dev-webhook-secret"];
      const asked: string[] = [];
      const said: string[] = [];
      const io: Io = {
        say: (l) => said.push(l),
        error: (l) => said.push(l),
        ask: (q) => {
          asked.push(q);
          return Promise.resolve(answers.shift() ?? "");
        },
      };
      const o = parseSetupArgs(["--output", out], {}, true);
      assert.equal(await runSetup(o, io), 0, said.join("\n"));
      assert.deepEqual(asked.filter((q) => q === "Admin access token:").length, 2);
      assert.ok(said.some((l) => l.startsWith("✗ MASTODON_ADMIN_TOKEN: Mastodon does not accept")));
      const env = parseEnvFile(await Deno.readTextFile(out));
      assert.equal(env.MASTODON_ADMIN_TOKEN, "dev-admin-token");
      assert.equal(env.WEBHOOK_SECRET, "dev-webhook-secret");
    });
  } finally {
    await dev.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
