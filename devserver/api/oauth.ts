/**
 * OAuth for the development server: a user picker at /oauth/authorize, /oauth/token and
 * /oauth/revoke. PKCE is checked as Mastodon (Doorkeeper) does: S256 only, and a code issued with
 * a challenge is exchanged only with the verifier that answers it.
 */
import { type Context, Hono } from "hono";
import { createHash } from "node:crypto";
import type { Env } from "./auth.ts";
import type { Dev } from "../context.ts";
import { escapeHtml } from "../html.ts";
import { JSON_TYPE, readParams } from "./http.ts";

/** The fixed development OAuth client. */
export const OAUTH_CLIENT_ID = "dev-client";
export const OAUTH_CLIENT_SECRET = "dev-secret";

const USERS = ["moderator", "member"] as const;

function oauthError(c: Context<Env>, status: number, error: string, description: string) {
  c.header("Content-Type", JSON_TYPE);
  return c.body(JSON.stringify({ error, error_description: description }), status as 400);
}

function page(query: URLSearchParams): string {
  const hidden = [
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "response_type",
    "code_challenge",
    "code_challenge_method",
  ]
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(query.get(k) ?? "")}">`)
    .join("");
  const buttons = USERS.map((u) =>
    `<button type="submit" name="user" value="${u}">Sign in as ${u}</button>`
  ).join(" ");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Authorize</title></head>` +
    `<body><h1>Development Mastodon: authorize ${escapeHtml(query.get("client_id") ?? "")}</h1>` +
    `<p>Scopes: ${escapeHtml(query.get("scope") ?? "read")}</p>` +
    `<form method="post" action="/oauth/authorize">${hidden}${buttons}</form></body></html>`;
}

/** What is wrong with a request's PKCE parameters, or undefined. */
function pkceProblem(challenge: unknown, method: unknown): string | undefined {
  if (challenge === undefined || challenge === null || challenge === "") {
    return method ? "code_challenge_method was sent without code_challenge." : undefined;
  }
  if ((method ?? "plain") !== "S256") return "Only the S256 code_challenge_method is supported.";
  if (typeof challenge !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return "code_challenge must be a base64url SHA-256 digest.";
  }
  return undefined;
}

/** True when a code may be exchanged with this verifier (RFC 7636 section 4.6). */
export function verifierMatches(challenge: string | undefined, verifier: unknown): boolean {
  if (verifier === undefined || verifier === "") return !challenge;
  if (!challenge || typeof verifier !== "string") return false;
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}

/** The OAuth routes, mounted at the root. */
export function oauthRoutes(dev: Dev): Hono<Env> {
  const app = new Hono<Env>();

  app.get("/oauth/authorize", (c) => {
    const q = new URL(c.req.url).searchParams;
    if (q.get("client_id") !== OAUTH_CLIENT_ID) {
      return oauthError(c, 401, "invalid_client", "Client authentication failed.");
    }
    if (!q.get("redirect_uri")) {
      return oauthError(c, 400, "invalid_request", "The redirect_uri parameter is missing.");
    }
    const pkce = pkceProblem(q.get("code_challenge"), q.get("code_challenge_method"));
    if (pkce) return oauthError(c, 400, "invalid_request", pkce);
    return c.html(page(q));
  });

  app.post("/oauth/authorize", async (c) => {
    const p = await readParams(c.req.raw);
    const user = String(p.user ?? "");
    if (p.client_id !== OAUTH_CLIENT_ID) {
      return oauthError(c, 401, "invalid_client", "Client authentication failed.");
    }
    if (!USERS.includes(user as typeof USERS[number])) {
      return oauthError(c, 400, "invalid_request", "Pick the user moderator or member.");
    }
    const pkce = pkceProblem(p.code_challenge, p.code_challenge_method);
    if (pkce) return oauthError(c, 400, "invalid_request", pkce);
    const redirectUri = String(p.redirect_uri ?? "");
    const code = dev.state.credentials.issueCode({
      user: user as typeof USERS[number],
      scope: String(p.scope || "read"),
      redirectUri,
      ...(p.code_challenge ? { codeChallenge: String(p.code_challenge) } : {}),
    });
    if (redirectUri === "urn:ietf:wg:oauth:2.0:oob") {
      return c.html(`<!doctype html><p>Authorization code: <code>${code}</code></p>`);
    }
    const target = new URL(redirectUri);
    target.searchParams.set("code", code);
    if (p.state) target.searchParams.set("state", String(p.state));
    return c.redirect(target.toString(), 302);
  });

  app.post("/oauth/token", async (c) => {
    const p = await readParams(c.req.raw);
    const basic = c.req.header("authorization")?.match(/^Basic\s+(.+)$/i);
    const [basicId, basicSecret] = basic ? atob(basic[1]).split(":") : [];
    const clientId = p.client_id ?? basicId;
    const clientSecret = p.client_secret ?? basicSecret;
    if (clientId !== OAUTH_CLIENT_ID || clientSecret !== OAUTH_CLIENT_SECRET) {
      return oauthError(c, 401, "invalid_client", "Client authentication failed.");
    }
    if (p.grant_type !== "authorization_code") {
      return oauthError(c, 400, "unsupported_grant_type", "Only authorization_code is supported.");
    }
    const credentials = dev.state.credentials;
    const grant = credentials.code(String(p.code ?? ""));
    if (
      !grant || (p.redirect_uri !== undefined && p.redirect_uri !== grant.redirectUri) ||
      !verifierMatches(grant.codeChallenge, p.code_verifier)
    ) {
      return oauthError(c, 400, "invalid_grant", "The provided authorization grant is invalid.");
    }
    const token = dev.state.transaction(() => {
      credentials.useCode(String(p.code));
      return credentials.issueToken({
        name: `oauth:${grant.user}`,
        accountId: dev.state.fixedAccount(grant.user).admin.id,
        scopes: grant.scope.split(/\s+/).filter(Boolean),
      });
    });
    c.header("Content-Type", JSON_TYPE);
    return c.body(JSON.stringify({
      access_token: token,
      token_type: "Bearer",
      scope: grant.scope,
      created_at: Math.floor(dev.now() / 1000),
    }));
  });

  app.post("/oauth/revoke", async (c) => {
    const p = await readParams(c.req.raw);
    dev.state.credentials.revoke(String(p.token ?? ""));
    c.header("Content-Type", JSON_TYPE);
    return c.body("{}");
  });

  return app;
}
