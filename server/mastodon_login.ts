/**
 * The Mastodon side of moderators' login: the authorize URL (PKCE S256), the code exchange,
 * who a token belongs to with its role, and revoking the token. Plain fetch with a timeout.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { PERMISSIONS } from "../mastodon/startup.ts";

/** The scope the UI asks for: enough to read who logged in and their role. */
export const LOGIN_SCOPE = "read:accounts";

/** Mastodon refused the token (401/403): it was revoked or never valid. */
export class TokenRejected extends Error {
  constructor(status: number) {
    super(`Mastodon refused the moderator's token (${status})`);
    this.name = "TokenRejected";
  }
}

/** Who a token belongs to. */
export interface LoginIdentity {
  id: string;
  acct: string;
  role: { name: string; permissions: string };
}

/** The calls a login makes. */
export interface MastodonLogin {
  authorizeUrl(p: { redirectUri: string; state: string; challenge: string }): string;
  exchange(p: { code: string; verifier: string; redirectUri: string }): Promise<string>;
  whoAmI(token: string): Promise<LoginIdentity>;
  revoke(token: string): Promise<void>;
}

/** What the login client is made from. */
export interface LoginOptions {
  base: string;
  clientId: string;
  clientSecret: string;
  userAgent: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const tokenSchema = z.looseObject({ access_token: z.string().min(1) });
const credentialsSchema = z.looseObject({
  id: z.string(),
  acct: z.string(),
  role: z.looseObject({ name: z.string().optional(), permissions: z.string() }).nullish(),
});

/** True when a role's permission bits allow moderating reports. */
export function canModerate(permissions: string | undefined): boolean {
  if (!permissions || !/^\d+$/.test(permissions)) return false;
  const bits = BigInt(permissions);
  return (bits & (PERMISSIONS.administrator | PERMISSIONS.manage_reports)) !== 0n;
}

/** A PKCE verifier (43 URL-safe characters) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** The login client over HTTP. */
export function mastodonLogin(o: LoginOptions): MastodonLogin {
  const doFetch = o.fetch ?? fetch;
  const call = async (path: string, init: RequestInit, what: string) => {
    const res = await doFetch(new URL(path, o.base), {
      ...init,
      headers: { "user-agent": o.userAgent, ...init.headers },
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new TokenRejected(res.status);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`Mastodon answered ${res.status} to ${what}`);
    }
    return await res.json();
  };
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return {
    authorizeUrl: ({ redirectUri, state, challenge }) => {
      const url = new URL("/oauth/authorize", o.base);
      url.search = new URLSearchParams({
        client_id: o.clientId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: LOGIN_SCOPE,
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
      }).toString();
      return url.toString();
    },
    exchange: async ({ code, verifier, redirectUri }) => {
      const body = await call(
        "/oauth/token",
        form({
          grant_type: "authorization_code",
          code,
          client_id: o.clientId,
          client_secret: o.clientSecret,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          scope: LOGIN_SCOPE,
        }),
        "the code exchange",
      );
      return tokenSchema.parse(body).access_token;
    },
    whoAmI: async (token) => {
      const body = await call("/api/v1/accounts/verify_credentials", {
        headers: { authorization: `Bearer ${token}` },
      }, "verify_credentials");
      const me = credentialsSchema.parse(body);
      return {
        id: me.id,
        acct: me.acct,
        role: { name: me.role?.name ?? "", permissions: me.role?.permissions ?? "0" },
      };
    },
    revoke: async (token) => {
      await call(
        "/oauth/revoke",
        form({ client_id: o.clientId, client_secret: o.clientSecret, token }),
        "the token revocation",
      );
    },
  };
}
