/** The moderators' login made from the configuration: the OAuth client, sessions, what is missing. */
import type { Config } from "../config.ts";
import type { Sql } from "../db/connect.ts";
import type { Mastodon } from "../mastodon/client.ts";
import { type MastodonLogin, mastodonLogin } from "./mastodon_login.ts";
import { Sessions } from "./session.ts";

/** The login's parts; `client` and `sessions` are absent when login is not configured. */
export interface LoginSetup {
  client?: MastodonLogin;
  sessions?: Sessions;
  /** The settings missing for login, named as in the environment. */
  missing: string[];
  /** The instance's name for the login page (its title, or its host); never throws. */
  instanceName: () => Promise<string>;
}

const NAME_CACHE_MS = 10 * 60_000;
const NAME_TIMEOUT_MS = 2000;

/** Builds the login from the configuration. */
export function loginSetup(
  config: Config,
  sql: Sql,
  now: () => Date,
  mastodon?: Pick<Mastodon, "instance">,
): LoginSetup {
  const missing = [
    ["INSTANCE_BASE", config.instanceBase],
    ["OAUTH_CLIENT_ID", config.oauthClientId],
    ["OAUTH_CLIENT_SECRET", config.secrets.oauthClientSecret],
    ["SESSION_SECRET", config.secrets.sessionSecret],
  ].filter(([, v]) => !v).map(([k]) => k!);
  const host = config.instanceBase ? new URL(config.instanceBase).host : "this Mastodon server";
  let name: { at: number; value: string } | undefined;
  const instanceName = async () => {
    if (name && Date.now() - name.at < NAME_CACHE_MS) return name.value;
    const title = mastodon
      ? await Promise.race([
        mastodon.instance().then((i) => i.title || host, () => host),
        new Promise<string>((r) => setTimeout(() => r(host), NAME_TIMEOUT_MS)),
      ])
      : host;
    name = { at: Date.now(), value: title };
    return title;
  };
  if (missing.length > 0) return { missing, instanceName };
  const client = mastodonLogin({
    base: config.instanceBase!,
    clientId: config.oauthClientId!,
    clientSecret: config.secrets.oauthClientSecret!,
    userAgent: config.userAgent,
    timeoutMs: config.httpTimeoutMs,
  });
  const sessions = new Sessions({
    sql,
    secret: config.secrets.sessionSecret!,
    secure: config.uiOrigin?.startsWith("https:") ?? false,
    login: client,
    now,
  });
  return { client, sessions, missing, instanceName };
}
