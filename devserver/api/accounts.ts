/** Account endpoints: admin lists (v1, v2), one admin account, public accounts and timelines. */
import { type Context, Hono } from "hono";
import { type Env, hasScope, optionalToken, requireToken } from "./auth.ts";
import type { Dev } from "../context.ts";
import { credentialAccountJson, type Json, PERMISSION } from "../entities.ts";
import { errors, json, pageParams, paginate, setLink } from "./http.ts";
import type { AccountEntry } from "../state.ts";

type Filter = (a: Json) => boolean;

const STATUS_FILTERS: Record<string, Filter> = {
  active: (a) => !a.suspended && !a.disabled,
  pending: (a) => !a.approved,
  disabled: (a) => a.disabled,
  silenced: (a) => a.silenced,
  suspended: (a) => a.suspended,
  sensitized: (a) => a.sensitized,
};

/** Filters shared by v1 and v2 admin account lists. */
function commonFilters(q: URLSearchParams): Filter[] {
  const out: Filter[] = [];
  const username = q.get("username")?.toLowerCase();
  if (username) out.push((a) => a.username.toLowerCase().startsWith(username));
  const name = q.get("display_name")?.toLowerCase();
  if (name) out.push((a) => a.account.display_name.toLowerCase().includes(name));
  const domain = q.get("by_domain")?.toLowerCase();
  if (domain) out.push((a) => (a.domain ?? "").toLowerCase() === domain);
  const email = q.get("email")?.toLowerCase();
  if (email) out.push((a) => (a.email ?? "").toLowerCase().includes(email));
  const ip = q.get("ip");
  if (ip) out.push((a) => a.ip === ip);
  return out;
}

function isStaff(a: Json): boolean {
  return a.role != null && a.role.id !== "-99";
}

function v2Filters(q: URLSearchParams): Filter[] {
  const out = commonFilters(q);
  const origin = q.get("origin");
  if (origin === "local") out.push((a) => a.domain === null);
  if (origin === "remote") out.push((a) => a.domain !== null);
  const status = q.get("status");
  if (status && STATUS_FILTERS[status]) out.push(STATUS_FILTERS[status]);
  if (q.get("permissions") === "staff") out.push(isStaff);
  const roleIds = q.getAll("role_ids[]");
  if (roleIds.length) out.push((a) => roleIds.includes(a.role?.id));
  return out;
}

function v1Filters(q: URLSearchParams): Filter[] {
  const out = commonFilters(q);
  if (q.has("local")) out.push((a) => a.domain === null);
  if (q.has("remote")) out.push((a) => a.domain !== null);
  for (const [name, filter] of Object.entries(STATUS_FILTERS)) if (q.has(name)) out.push(filter);
  if (q.has("staff")) out.push(isStaff);
  return out;
}

/** The routes for accounts, mounted at the root. */
export function accountRoutes(dev: Dev): Hono<Env> {
  const app = new Hono<Env>();
  const admins = () => [...dev.state.accounts.values()].map((e) => e.admin);

  const list = (filters: (q: URLSearchParams) => Filter[]) => (c: Context<Env>) => {
    requireToken(c, dev.state, "admin:read:accounts", PERMISSION.manageUsers);
    const q = new URL(c.req.url).searchParams;
    const fs = filters(q);
    const page = pageParams(q, 100, 200);
    const rows = paginate(admins().filter((a) => fs.every((f) => f(a))), (a) => a.id, page);
    setLink(c, rows, page.limit);
    return json(c, rows);
  };
  app.get("/api/v2/admin/accounts", list(v2Filters));
  app.get("/api/v1/admin/accounts", list(v1Filters));

  app.get("/api/v1/admin/accounts/:id", (c) => {
    requireToken(c, dev.state, "admin:read:accounts", PERMISSION.manageUsers);
    const entry = dev.state.accounts.get(c.req.param("id"));
    if (!entry) throw errors.recordNotFound();
    return json(c, entry.admin);
  });

  app.get("/api/v1/accounts/verify_credentials", (c) => {
    const token = c.get("token");
    if (!token) throw errors.invalidToken();
    if (!hasScope(token.scopes, "read:accounts") && !hasScope(token.scopes, "profile")) {
      throw errors.outsideScopes();
    }
    const entry = dev.state.accounts.get(token.accountId)!;
    return json(c, credentialAccountJson(entry.model!, dev.base));
  });

  app.get("/api/v1/accounts/lookup", (c) => {
    optionalToken(c, "read:accounts");
    const acct = (c.req.query("acct") ?? "").replace(/^@/, "").toLowerCase();
    const entry = [...dev.state.accounts.values()].find((e) =>
      e.admin.account.acct.toLowerCase() === acct
    );
    if (!entry) throw errors.recordNotFound();
    return json(c, publicAccount(entry));
  });

  app.get("/api/v1/accounts", (c) => {
    optionalToken(c, "read:accounts");
    const ids = new URL(c.req.url).searchParams.getAll("id[]");
    const found = ids.map((id) => dev.state.accounts.get(id)).filter((e) => e !== undefined);
    return json(c, found.map(publicAccount));
  });

  app.get("/api/v1/accounts/:id", (c) => {
    optionalToken(c, "read:accounts");
    const entry = dev.state.accounts.get(c.req.param("id"));
    if (!entry) throw errors.recordNotFound();
    return json(c, publicAccount(entry));
  });

  app.get("/api/v1/accounts/:id/statuses", (c) => {
    optionalToken(c, "read:statuses");
    const entry = dev.state.accounts.get(c.req.param("id"));
    if (!entry) throw errors.recordNotFound();
    // A suspended account's posts are gone from the API, as on Mastodon.
    if (entry.admin.suspended) return json(c, []);
    const q = new URL(c.req.url).searchParams;
    const truthy = (name: string) => ["1", "true", "True"].includes(q.get(name) ?? "");
    let statuses = entry.statuses.filter((s) =>
      s.visibility === "public" || s.visibility === "unlisted"
    );
    if (truthy("exclude_replies")) statuses = statuses.filter((s) => s.in_reply_to_id === null);
    if (truthy("exclude_reblogs")) statuses = statuses.filter((s) => s.reblog === null);
    if (truthy("only_media")) statuses = statuses.filter((s) => s.media_attachments.length > 0);
    if (truthy("pinned")) statuses = [];
    const tagged = q.get("tagged")?.toLowerCase();
    if (tagged) statuses = statuses.filter((s) => s.tags.some((t: Json) => t.name === tagged));
    const page = pageParams(q, 20, 40);
    const rows = paginate(statuses, (s) => s.id, page);
    setLink(c, rows, page.limit);
    return json(c, rows);
  });

  return app;
}

function publicAccount(entry: AccountEntry): Json {
  return entry.admin.account;
}
