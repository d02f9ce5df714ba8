/** Access tokens and OAuth codes of the development server: the two fixed tokens and those issued. */
import { Rng } from "./random.ts";
import type { WorldStore } from "./store.ts";

/** The fixed development tokens. */
export const ADMIN_TOKEN = "dev-admin-token";
export const REPORTER_TOKEN = "dev-reporter-token";

/** Scopes of the admin token: everything a sidecar and the contract tests use. */
export const ADMIN_SCOPES = [
  "read",
  "write",
  "follow",
  "push",
  "profile",
  "admin:read",
  "admin:write",
];

/** Who a token belongs to and what it may do. */
export interface TokenInfo {
  name: string;
  accountId: string;
  scopes: string[];
}

/** An OAuth authorization code waiting to be exchanged. */
export interface OAuthCode {
  user: "moderator" | "member";
  scope: string;
  redirectUri: string;
  /** PKCE (RFC 7636): the S256 challenge the token request's code_verifier must answer. */
  codeChallenge?: string;
}

/** What a stored world holds of its credentials. */
export interface StoredCredentials {
  tokens: [string, TokenInfo][];
  codes: [string, OAuthCode][];
  /** How many secrets were drawn, so that a restart never draws the same one again. */
  secretsIssued: number;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The tokens the server accepts and the codes it waits for, written through to the store. */
export class Credentials {
  readonly #tokens: Map<string, TokenInfo>;
  readonly #codes = new Map<string, OAuthCode>();
  readonly #secrets: Rng;
  #issued = 0;

  constructor(
    seed: number,
    fixed: { adminId: string; reporterId: string },
    private store: WorldStore,
    stored?: StoredCredentials,
  ) {
    this.#tokens = new Map([
      [ADMIN_TOKEN, { name: "admin", accountId: fixed.adminId, scopes: ADMIN_SCOPES }],
      [REPORTER_TOKEN, {
        name: "reporter",
        accountId: fixed.reporterId,
        scopes: ["write:reports"],
      }],
    ]);
    this.#secrets = new Rng(seed).fork("secrets");
    if (!stored) return;
    for (const [token, info] of stored.tokens) this.#tokens.set(token, info);
    for (const [code, grant] of stored.codes) this.#codes.set(code, grant);
    while (this.#issued < stored.secretsIssued) this.#draw();
  }

  /** The account and scopes behind a bearer token, if it is valid. */
  token(raw: string): TokenInfo | undefined {
    return this.#tokens.get(raw);
  }

  /** Issues a new access token. */
  issueToken(info: TokenInfo): string {
    const token = this.#next();
    this.#tokens.set(token, info);
    this.store.putToken(token, info);
    return token;
  }

  /** Revokes a token (POST /oauth/revoke); the fixed ones stay valid for the next start. */
  revoke(token: string) {
    if (!this.#tokens.delete(token)) return;
    this.store.deleteToken(token);
  }

  /** Issues an authorization code for a grant. */
  issueCode(grant: OAuthCode): string {
    const code = this.#next();
    this.#codes.set(code, grant);
    this.store.putCode(code, grant);
    return code;
  }

  /** The grant behind a code not yet exchanged. */
  code(code: string): OAuthCode | undefined {
    return this.#codes.get(code);
  }

  /** Marks a code as exchanged. */
  useCode(code: string) {
    if (!this.#codes.delete(code)) return;
    this.store.deleteCode(code);
  }

  #next(): string {
    const secret = this.#draw();
    this.store.setProgress({ secretsIssued: this.#issued });
    return secret;
  }

  #draw(): string {
    this.#issued++;
    return this.#secrets.token(43, ALPHABET);
  }
}
