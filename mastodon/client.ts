/** The Mastodon port of MastoWatch: the interface other modules use and its HTTP adapter. */
import { z } from "zod";
import { newAdminAccountsSince } from "./accounts_since.ts";
import { MastodonHttp } from "./http.ts";
import { parseLinkHeader } from "./paging.ts";
import { reportForm, type ReportRequest } from "./report_form.ts";
import { openStream, type PublicStream } from "./stream_client.ts";
import type { BudgetManners } from "./rate_limit.ts";
import {
  type AdminAccount,
  adminAccountSchema,
  type AdminReport,
  adminReportSchema,
  type CredentialAccount,
  credentialAccountSchema,
  type Instance,
  instanceSchema,
  type Report,
  reportSchema,
  type Status,
  statusSchema,
} from "./schemas.ts";

export { MAX_COMMENT_CHARS, type ReportRequest, truncateComment } from "./report_form.ts";
export type { PublicStream } from "./stream_client.ts";

/** One page of a list, with the cursors of its neighbours from the `Link` header. */
export interface Page<T> {
  items: T[];
  next?: { maxId: string };
  prev?: { minId: string };
}

/** Filters of the admin account list (v2). */
export interface AdminAccountQuery {
  origin?: "local" | "remote";
  status?: "active" | "pending" | "disabled" | "silenced" | "suspended";
  minId?: string;
  maxId?: string;
  sinceId?: string;
  limit?: number;
}

/** Filters of the admin report list. */
export interface AdminReportQuery {
  /**
   * true lists resolved reports; false or absent lists unresolved ones (Mastodon's default, and
   * its filter looks only at whether `resolved` is present, so false is never sent).
   */
  resolved?: boolean;
  targetAccountId?: string;
  accountId?: string;
  maxId?: string;
  minId?: string;
  limit?: number;
}

/** What MastoWatch asks of Mastodon. It reads and reports; it never enforces. */
export interface Mastodon {
  /** GET /api/v2/instance: name, version and rules of the server. */
  instance(): Promise<Instance>;
  /** GET /api/v1/accounts/verify_credentials with the admin or the reporter token. */
  verifyCredentials(token: "admin" | "reporter"): Promise<CredentialAccount>;
  /** GET /api/v2/admin/accounts: one page, newest first, cursors from the Link header. */
  listAdminAccounts(q: AdminAccountQuery): Promise<Page<AdminAccount>>;
  /** Every account newer than `cursor`, oldest first, and the new cursor (see accounts_since.ts). */
  newAdminAccountsSince(
    q: { origin: "local" | "remote"; cursor?: string; maxPages?: number },
  ): Promise<{ accounts: AdminAccount[]; cursor?: string }>;
  /** GET /api/v1/admin/accounts/:id */
  adminAccount(id: string): Promise<AdminAccount>;
  /** GET /api/v1/accounts/:id/statuses: the account's latest statuses, newest first. */
  accountStatuses(
    id: string,
    q?: { limit?: number; excludeReblogs?: boolean; maxId?: string },
  ): Promise<Status[]>;
  /** GET /api/v1/statuses/:id */
  status(id: string): Promise<Status>;
  /**
   * POST /api/v1/reports with the reporter token. Never repeated on a timeout or 5xx: such a
   * failure has `code: "ambiguous"` and the caller must look for the report before filing again.
   */
  createReport(r: ReportRequest): Promise<Report>;
  /** GET /api/v1/admin/reports: one page, newest first, cursors from the Link header. */
  listAdminReports(q: AdminReportQuery): Promise<Page<AdminReport>>;
  /** GET /api/v1/admin/reports/:id */
  adminReport(id: string): Promise<AdminReport>;
  /** The rate-limit budget the last response announced (for /metrics and /healthz). */
  rateLimit(): { limit?: number; remaining?: number; reset?: Date };
  /** Opens a public stream of the streaming API (server-sent events) until `signal` aborts. */
  openStream(stream: PublicStream, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
}

/** Settings of the HTTP client; `fetch`, `sleep`, `now` and `random` are injectable for tests. */
export interface MastodonOptions {
  baseUrl: string;
  adminToken: string;
  /** Token that files reports; defaults to the admin token. */
  reporterToken?: string;
  userAgent: string;
  timeoutMs: number;
  /** Further attempts after the first for GETs and 429s; default 3. */
  maxRetries?: number;
  /** Longest single pause for the rate limit or a 429; default 60 s. */
  maxWaitMs?: number;
  /** How the admin token shares its budget (a reserve for people, a pace); default greedy. */
  adminManners?: BudgetManners;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/** Creates the HTTP adapter of the Mastodon port. */
export function createMastodon(opts: MastodonOptions): Mastodon {
  if (!/^https?:\/\//.test(opts.baseUrl)) {
    throw new Error(`Mastodon base URL must start with http:// or https://, got "${opts.baseUrl}"`);
  }
  const http = new MastodonHttp({
    baseUrl: opts.baseUrl,
    tokens: { admin: opts.adminToken, reporter: opts.reporterToken ?? opts.adminToken },
    userAgent: opts.userAgent,
    timeoutMs: opts.timeoutMs,
    maxRetries: opts.maxRetries ?? 3,
    maxWaitMs: opts.maxWaitMs ?? 60_000,
    manners: { admin: opts.adminManners },
    fetch: opts.fetch ?? globalThis.fetch,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: opts.now ?? Date.now,
    random: opts.random ?? Math.random,
  });

  const get = async <T>(path: string, schema: z.ZodType<T>, params?: Record<string, string>) =>
    (await http.request({ method: "GET", path, params, token: "admin", schema })).data;

  const client: Mastodon = {
    instance: () => get("/api/v2/instance", instanceSchema),
    verifyCredentials: async (token) =>
      (await http.request({
        method: "GET",
        path: "/api/v1/accounts/verify_credentials",
        token,
        schema: credentialAccountSchema,
      })).data,
    listAdminAccounts: async (q) => {
      const { data, headers } = await http.request({
        method: "GET",
        path: "/api/v2/admin/accounts",
        query: {
          origin: q.origin,
          status: q.status,
          min_id: q.minId,
          max_id: q.maxId,
          since_id: q.sinceId,
          limit: q.limit,
        },
        token: "admin",
        schema: z.array(adminAccountSchema),
      });
      return { items: data, ...parseLinkHeader(headers.get("link")) };
    },
    newAdminAccountsSince: (q) => newAdminAccountsSince(client, q),
    adminAccount: (id) => get("/api/v1/admin/accounts/:id", adminAccountSchema, { id }),
    accountStatuses: async (id, q = {}) =>
      (await http.request({
        method: "GET",
        path: "/api/v1/accounts/:id/statuses",
        params: { id },
        query: { limit: q.limit, exclude_reblogs: q.excludeReblogs, max_id: q.maxId },
        token: "admin",
        schema: z.array(statusSchema),
      })).data,
    status: (id) => get("/api/v1/statuses/:id", statusSchema, { id }),
    createReport: async (r) =>
      (await http.request({
        method: "POST",
        path: "/api/v1/reports",
        form: reportForm(r),
        token: "reporter",
        schema: reportSchema,
      })).data,
    listAdminReports: async (q) => {
      const { data, headers } = await http.request({
        method: "GET",
        path: "/api/v1/admin/reports",
        query: {
          resolved: q.resolved === true ? true : undefined,
          target_account_id: q.targetAccountId,
          account_id: q.accountId,
          max_id: q.maxId,
          min_id: q.minId,
          limit: q.limit,
        },
        token: "admin",
        schema: z.array(adminReportSchema),
      });
      return { items: data, ...parseLinkHeader(headers.get("link")) };
    },
    adminReport: (id) => get("/api/v1/admin/reports/:id", adminReportSchema, { id }),
    rateLimit: () => http.rateLimit(),
    openStream: (stream, signal) =>
      openStream(
        {
          instanceBase: opts.baseUrl,
          token: opts.adminToken,
          userAgent: opts.userAgent,
          timeoutMs: opts.timeoutMs,
          fetch: opts.fetch ?? globalThis.fetch,
          announced: async () => {
            // A failed read is not kept: the next connection asks again.
            announced ??= client.instance().catch((err) => {
              announced = undefined;
              throw err;
            });
            return streamingUrl(await announced);
          },
        },
        stream,
        signal,
      ),
  };
  let announced: Promise<Instance> | undefined;
  return client;
}

function streamingUrl(i: Instance): unknown {
  const urls = (i.configuration as { urls?: { streaming?: unknown } } | undefined)?.urls;
  return urls?.streaming;
}
