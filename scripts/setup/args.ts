/** The command line of `deno task setup`: flags, each falling back to its setting's variable. */

const USAGE = `usage: deno task setup [--non-interactive] [--instance URL] [--admin-token TOKEN]
  [--reporter-token TOKEN] [--webhook-secret SECRET] [--ui-origin URL] [--oauth-client-id ID]
  [--oauth-client-secret SECRET] [--database-url URL] [--output FILE] [--force]
Each flag may also come from the variable of the setting's name (INSTANCE_BASE,
MASTODON_ADMIN_TOKEN, ...), which keeps tokens out of the process list.`;

/** The answers, from flags, the environment or prompts. */
export interface SetupOptions {
  instance?: string;
  adminToken?: string;
  reporterToken?: string;
  webhookSecret?: string;
  uiOrigin?: string;
  oauthClientId?: string;
  oauthClientSecret?: string;
  databaseUrl?: string;
  minVersion: string;
  output: string;
  force: boolean;
  interactive: boolean;
}

const FLAGS: Record<string, [keyof SetupOptions, string]> = {
  "--instance": ["instance", "INSTANCE_BASE"],
  "--admin-token": ["adminToken", "MASTODON_ADMIN_TOKEN"],
  "--reporter-token": ["reporterToken", "MASTODON_REPORTER_TOKEN"],
  "--webhook-secret": ["webhookSecret", "WEBHOOK_SECRET"],
  "--ui-origin": ["uiOrigin", "UI_ORIGIN"],
  "--oauth-client-id": ["oauthClientId", "OAUTH_CLIENT_ID"],
  "--oauth-client-secret": ["oauthClientSecret", "OAUTH_CLIENT_SECRET"],
  "--database-url": ["databaseUrl", "DATABASE_URL"],
};

/** Reads flags, falling back to the environment; throws with the usage when they are wrong. */
export function parseSetupArgs(
  args: string[],
  env: Record<string, string | undefined>,
  terminal: boolean,
): SetupOptions {
  const o: Record<string, unknown> = {
    minVersion: env.MIN_MASTODON_VERSION || "4.0.0",
    output: ".env",
    force: false,
    interactive: terminal,
  };
  for (const [key, name] of Object.values(FLAGS)) if (env[name]) o[key] = env[name];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--non-interactive") o.interactive = false;
    else if (a === "--force") o.force = true;
    else if (a === "--output" || FLAGS[a]) {
      const value = args[++i];
      if (!value || value.startsWith("--")) throw new Error(`${a} needs a value\n${USAGE}`);
      o[a === "--output" ? "output" : FLAGS[a][0]] = value;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return o as unknown as SetupOptions;
}

/** A base URL as the service wants it: http(s), no trailing slash; https:// when left out. */
export function normaliseUrl(raw: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`;
  const u = new URL(withScheme);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("not an http(s) URL");
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}
