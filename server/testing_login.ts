/** A Mastodon login in memory for tests: users with roles, tokens issued and revoked. */
import type { LoginIdentity, MastodonLogin } from "./mastodon_login.ts";
import { TokenRejected } from "./mastodon_login.ts";

/** Role permission bits as Mastodon sends them. */
export const ROLES = {
  moderator: { name: "Moderator", permissions: "1308" },
  member: { name: "", permissions: "65536" },
};

/** The fake: `users` by code; `down` makes every call fail as an unreachable server does. */
export class FakeLogin implements MastodonLogin {
  readonly tokens = new Map<string, LoginIdentity>();
  readonly revoked: string[] = [];
  readonly exchanges: { code: string; verifier: string; redirectUri: string }[] = [];
  down = false;
  #n = 0;

  constructor(readonly users: Record<string, LoginIdentity>) {}

  authorizeUrl(p: { redirectUri: string; state: string; challenge: string }): string {
    const u = new URL("https://social.example/oauth/authorize");
    u.search = new URLSearchParams({
      redirect_uri: p.redirectUri,
      state: p.state,
      code_challenge: p.challenge,
      code_challenge_method: "S256",
      scope: "read:accounts",
    }).toString();
    return u.toString();
  }

  exchange(p: { code: string; verifier: string; redirectUri: string }): Promise<string> {
    this.exchanges.push(p);
    const who = this.users[p.code];
    if (!who || this.down) return Promise.reject(new Error("invalid_grant"));
    const token = `token-${++this.#n}`;
    this.tokens.set(token, who);
    return Promise.resolve(token);
  }

  whoAmI(token: string): Promise<LoginIdentity> {
    if (this.down) return Promise.reject(new Error("connection refused"));
    const who = this.tokens.get(token);
    return who ? Promise.resolve(structuredClone(who)) : Promise.reject(new TokenRejected(401));
  }

  revoke(token: string): Promise<void> {
    if (this.down) return Promise.reject(new Error("connection refused"));
    this.revoked.push(token);
    this.tokens.delete(token);
    return Promise.resolve();
  }
}

/** A moderator and a member, logged in with the codes "mod-code" and "member-code". */
export function fakeLogin(): FakeLogin {
  return new FakeLogin({
    "mod-code": { id: "10", acct: "moderator", role: { ...ROLES.moderator } },
    "member-code": { id: "11", acct: "member", role: { ...ROLES.member } },
  });
}
