/**
 * `deno task setup`: from nothing to a checked `.env`. Asks for the Mastodon server and checks
 * its version, checks the admin and reporter tokens (scopes and role permissions), explains the
 * webhook to register, generates API_KEY, SESSION_SECRET and POSTGRES_PASSWORD, and writes the
 * file only when every check passed. Without a terminal, or with --non-interactive, it asks
 * nothing and takes flags (or the variables of the same names), for scripts.
 */
import { ACTED_ON_EVENTS } from "../intake/webhook_events.ts";
import {
  checkAdminToken,
  checkInstance,
  checkReporterToken,
  type Problem,
} from "./setup/checks.ts";
import {
  configProblems,
  type Entry,
  generateSecret,
  parseEnv,
  renderEnv,
  writeEnvFile,
} from "./setup/env_file.ts";
import { type Io, terminalIo } from "./setup/prompt.ts";
import { normaliseUrl, parseSetupArgs, type SetupOptions } from "./setup/args.ts";

/** Whether Mastodon refused the admin token itself (401), so none of its scopes can be read. */
const adminRefused = (problems: Problem[]) =>
  problems.some((p) => p.setting === "MASTODON_ADMIN_TOKEN" && p.problem.includes("(401"));

/** Prints each problem with its fix. */
function sayProblems(io: Io, problems: Problem[]) {
  for (const p of problems) io.error(`✗ ${p.setting}: ${p.problem}\n    fix: ${p.fix}`);
}

/** Asks until `check` passes (interactive) or checks once (flags); returns the value or undefined. */
async function obtain<T>(
  io: Io,
  o: SetupOptions,
  ask: { question: string; secret?: boolean; optional?: boolean; given?: string },
  check: (value: string) => Promise<T | Problem[]>,
  problems: Problem[],
): Promise<{ value: string; result: T } | undefined> {
  let value = ask.given;
  for (;;) {
    if (o.interactive && value === undefined) value = await io.ask(ask.question, ask.secret);
    if (value === undefined || value === "") {
      if (ask.optional) return { value: "", result: undefined as T };
      if (!o.interactive) return undefined;
      value = undefined;
      continue;
    }
    const result = await check(value);
    if (!Array.isArray(result)) return { value, result };
    sayProblems(io, result);
    if (!o.interactive) {
      problems.push(...result);
      return undefined;
    }
    value = undefined;
  }
}

/** Runs setup; returns the exit code (0: .env written, 1: nothing written). */
export async function runSetup(o: SetupOptions, io: Io): Promise<number> {
  const problems: Problem[] = [];
  const missing = (setting: string, flag: string) =>
    problems.push({ setting, problem: "not given", fix: `give ${flag} (or set ${setting})` });
  const previous = await Deno.readTextFile(o.output).then(parseEnv, () => undefined);
  if (previous && !o.force) {
    const replace = o.interactive &&
      /^y/i.test(await io.ask(`${o.output} exists; replace it? [y/N]`));
    if (!replace) {
      io.error(`${o.output} exists; give --force to replace it (its generated secrets are kept)`);
      return 1;
    }
  }

  io.say("1. The Mastodon server");
  const server = await obtain(io, o, {
    question: "Mastodon server URL (https://social.example):",
    given: o.instance,
  }, async (raw) => {
    let base: string;
    try {
      base = normaliseUrl(raw);
    } catch (err) {
      return [{
        setting: "INSTANCE_BASE",
        problem: `"${raw}": ${(err as Error).message}`,
        fix: "give its https:// URL",
      }];
    }
    const r = await checkInstance(base, o.minVersion);
    return "problem" in r ? [r] : { ...r, base };
  }, problems);
  if (!server) {
    if (!o.instance) missing("INSTANCE_BASE", "--instance");
    sayProblems(io, problems.filter((p) => p.problem === "not given"));
    io.error(`Nothing was written to ${o.output}.`);
    return 1;
  }
  const base = server.result.base;
  io.say(`✓ Mastodon ${server.result.version} at ${server.result.domain}`);

  io.say("\n2. The admin token: an application of a staff account (docs/mastodon-setup.md)");
  io.say("   Preferences > Development > New application; scopes admin:read:accounts,");
  io.say("   admin:read:reports, read:accounts, read:statuses; its account's role needs");
  io.say("   Manage Users and Manage Reports (Administration > Roles).");
  const admin = await obtain(
    io,
    o,
    {
      question: "Admin access token:",
      secret: true,
      given: o.adminToken,
    },
    (t) => checkAdminToken(base, t),
    problems,
  );
  if (admin) {
    io.say(`✓ admin token: @${admin.result.acct}, role ${admin.result.role}, every scope needed`);
  } else if (!o.adminToken) missing("MASTODON_ADMIN_TOKEN", "--admin-token");

  io.say(
    "\n3. The reporter token: files the reports (scope write:reports; a bot account of its own",
  );
  io.say("   is best, so reports say who filed them). Empty: the admin token files them.");
  const reporter = await obtain(
    io,
    o,
    {
      question: "Reporter access token (Enter: use the admin token):",
      secret: true,
      optional: true,
      given: o.reporterToken,
    },
    (t) => checkReporterToken(base, t),
    problems,
  );
  if (reporter?.value) {
    io.say(
      `✓ reporter token: ${
        reporter.result.acct ? `@${reporter.result.acct}` : "a token"
      } with write:reports`,
    );
  } else if (admin || (o.adminToken && !adminRefused(problems))) {
    // A token refused for a scope may lack write:reports too: say so in the same run.
    const token = admin?.value ?? o.adminToken!;
    const r = await checkReporterToken(base, token, "MASTODON_ADMIN_TOKEN (as reporter)");
    if (Array.isArray(r)) {
      sayProblems(io, r);
      problems.push(...r);
    } else io.say("✓ the admin token files the reports (it has write:reports)");
  }

  io.say("\n4. The moderators' UI (optional)");
  const ui = await obtain(io, o, {
    question: "Public URL of MastoWatch (Enter: none yet):",
    optional: true,
    given: o.uiOrigin,
  }, (raw) => {
    try {
      return Promise.resolve(normaliseUrl(raw));
    } catch {
      return Promise.resolve([{
        setting: "UI_ORIGIN",
        problem: `"${raw}" is not a URL`,
        fix: "give its https:// URL",
      }]);
    }
  }, problems);
  const uiOrigin = ui?.result;
  if (uiOrigin) io.say(`✓ UI at ${uiOrigin}; the OAuth redirect URI is ${uiOrigin}/admin/callback`);
  let clientId = o.oauthClientId;
  let clientSecret = o.oauthClientSecret;
  if (o.interactive && uiOrigin && clientId === undefined) {
    io.say(
      `   For login with Mastodon: Preferences > Development > New application, scope read:accounts,`,
    );
    io.say(`   redirect URI ${uiOrigin}/admin/callback.`);
    clientId = await io.ask("Its Client key (Enter: API key only):");
    if (clientId) clientSecret = await io.ask("Its Client secret:", true);
  }
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    problems.push({
      setting: clientId ? "OAUTH_CLIENT_SECRET" : "OAUTH_CLIENT_ID",
      problem: "the login application needs both its Client key and its Client secret",
      fix: "give both (--oauth-client-id, --oauth-client-secret) or neither",
    });
  }

  const hookUrl = `${uiOrigin ?? "https://<MastoWatch's address>"}/webhooks/mastodon`;
  io.say("\n5. The webhook: Administration > Webhooks > Add endpoint");
  io.say(`   Endpoint URL: ${hookUrl}`);
  io.say(`   Events: ${[...ACTED_ON_EVENTS].sort().join(", ")}`);
  io.say("   (status.created and status.updated need View Devops in the role of whoever adds it.)");
  io.say("   Mastodon generates the webhook's secret and shows it on the webhook's page.");
  const hook = await obtain(
    io,
    o,
    {
      question: "The webhook's secret (Enter: set WEBHOOK_SECRET later):",
      secret: true,
      optional: true,
      given: o.webhookSecret,
    },
    (s) =>
      Promise.resolve(
        s.length >= 8 ? s : [{
          setting: "WEBHOOK_SECRET",
          problem: "shorter than 8 characters",
          fix: "copy the whole secret Mastodon shows",
        }],
      ),
    problems,
  );

  if (hook?.value) io.say("✓ webhook secret given");
  const kept = (name: string, bytes: number) => previous?.[name] || generateSecret(bytes);
  const entries: Entry[] = [
    { name: "COMPOSE_PROFILES", value: "service", comment: "docker compose up starts the service" },
    {
      name: "POSTGRES_PASSWORD",
      value: kept("POSTGRES_PASSWORD", 24),
      comment: "the compose PostgreSQL's; read when its volume is created",
    },
    { name: "INSTANCE_BASE", value: base },
    { name: "MASTODON_ADMIN_TOKEN", value: admin?.value ?? "" },
    ...(reporter?.value ? [{ name: "MASTODON_REPORTER_TOKEN", value: reporter.value }] : []),
    {
      name: "API_KEY",
      value: kept("API_KEY", 24),
      comment: "the JSON API's key: X-API-Key or Authorization: Bearer",
    },
    { name: "SESSION_SECRET", value: kept("SESSION_SECRET", 32) },
    {
      name: "WEBHOOK_SECRET",
      value: hook?.value ?? "",
      comment: `the secret Mastodon shows for the webhook to ${hookUrl}`,
    },
    ...(uiOrigin ? [{ name: "UI_ORIGIN", value: uiOrigin }] : []),
    ...(clientId && clientSecret
      ? [{ name: "OAUTH_CLIENT_ID", value: clientId }, {
        name: "OAUTH_CLIENT_SECRET",
        value: clientSecret,
      }]
      : []),
    ...(o.databaseUrl
      ? [{ name: "DATABASE_URL", value: o.databaseUrl, comment: "not used under Docker Compose" }]
      : []),
  ];
  if (problems.length === 0) {
    for (const p of configProblems(entries.filter((e) => e.value !== ""))) {
      problems.push({ setting: p.split(":")[0], problem: p, fix: "see docs/ENVIRONMENT.md" });
    }
  }
  if (problems.length > 0) {
    sayProblems(io, problems.filter((p) => p.problem === "not given"));
    io.error(`\n${problems.length} problem(s); nothing was written to ${o.output}.`);
    return 1;
  }
  const text = renderEnv([
    `Written by deno task setup on ${new Date().toISOString()} for ${server.result.domain}`,
    `(Mastodon ${server.result.version}). Every setting: docs/ENVIRONMENT.md and .env.example.`,
  ], entries);
  await writeEnvFile(o.output, text);
  io.say(
    `\n✓ wrote ${o.output} (owner-only): ${
      entries.filter((e) => e.value).map((e) => e.name).join(", ")
    }`,
  );
  if (!hook?.value) {
    io.say("  WEBHOOK_SECRET is empty: webhooks are refused (503) until you add it.");
  }
  io.say("  Next: docker compose up -d   (or: deno task start with these settings)");
  return 0;
}

if (import.meta.main) {
  let code = 1;
  try {
    const o = parseSetupArgs(Deno.args, Deno.env.toObject(), Deno.stdin.isTerminal());
    code = await runSetup(o, terminalIo());
  } catch (err) {
    console.error((err as Error).message);
  }
  Deno.exit(code);
}
