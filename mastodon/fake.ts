/**
 * An in-memory Mastodon for unit tests of other modules: plain arrays, Mastodon's paging and
 * filters, every call recorded, and failures on demand. It keeps no secrets and never sleeps.
 */
import { newAdminAccountsSince } from "./accounts_since.ts";
import type {
  AdminAccountQuery,
  AdminReportQuery,
  Mastodon,
  Page,
  PublicStream,
  ReportRequest,
} from "./client.ts";
import { codeForStatus, isRetryableStatus, MastodonError } from "./errors.ts";
import { compareIds } from "./paging.ts";
import { truncateComment } from "./report_form.ts";
import type {
  AdminAccount,
  AdminReport,
  CredentialAccount,
  Instance,
  Report,
  Status,
} from "./schemas.ts";
import {
  sampleAccount,
  sampleAdminAccount,
  sampleAdminReport,
  sampleReport,
  sampleStatus,
} from "./testing/samples.ts";

/** One recorded call: the method name and its arguments. */
export interface FakeCall {
  method: keyof Mastodon;
  args: unknown[];
}

/**
 * Mastodon's paging by id: `min_id` reads upward from the cursor, otherwise downward; the page
 * size is capped at twice the default, as Mastodon does for these endpoints.
 */
export function pageById<T extends { id: string }>(
  all: T[],
  q: { minId?: string; maxId?: string; sinceId?: string; limit?: number },
  defaultLimit: number,
): Page<T> {
  const limit = Math.max(1, Math.min(q.limit ?? defaultLimit, defaultLimit * 2));
  const above = (x: string, floor?: string) => floor === undefined || compareIds(x, floor) > 0;
  const below = (x: string, ceiling?: string) =>
    ceiling === undefined || compareIds(x, ceiling) < 0;
  const asc = all.filter((x) => below(x.id, q.maxId)).sort((a, b) => compareIds(a.id, b.id));
  const items = q.minId !== undefined
    ? asc.filter((x) => above(x.id, q.minId)).slice(0, limit).reverse()
    : asc.reverse().filter((x) => above(x.id, q.sinceId)).slice(0, limit);
  const page: Page<T> = { items };
  if (items.length === limit) page.next = { maxId: items[items.length - 1].id };
  if (items.length > 0) page.prev = { minId: items[0].id };
  return page;
}

/** The in-memory Mastodon. Tests may read and change its arrays directly. */
export class FakeMastodon implements Mastodon {
  accounts: AdminAccount[] = [];
  statuses: Status[] = [];
  /** Reports as their filer saw them, in filing order. */
  reports: Report[] = [];
  /** The same reports (and any added directly) as moderators see them. */
  adminReports: AdminReport[] = [];
  calls: FakeCall[] = [];
  instanceInfo: Instance = {
    domain: "fake.example",
    title: "Fake Mastodon",
    version: "4.6.4",
    rules: [{ id: "1", text: "No spam", hint: "" }],
  };
  credentials: Record<"admin" | "reporter", CredentialAccount> = {
    admin: {
      ...sampleAccount("1", { username: "admin" }),
      role: { id: "3", name: "Owner", permissions: "8388607", color: "", highlighted: true },
    },
    reporter: {
      ...sampleAccount("2", { username: "mastowatch", bot: true }),
      role: { id: "-99", name: "", permissions: "65536", color: "", highlighted: false },
    },
  };
  budget: { limit?: number; remaining?: number; reset?: Date } = {};
  #nextId = 110_000_000_000_000_000n;
  #failures: { count: number; error: MastodonError } = { count: 0, error: fakeError(500) };

  /** The next `count` calls throw `error` (they are still recorded). */
  failNext(count: number, error: MastodonError = fakeError(503)): void {
    this.#failures = { count, error };
  }

  /** Adds an account with a fresh id; `domain` makes it remote. */
  addAccount(over: Partial<AdminAccount> & { username?: string } = {}): AdminAccount {
    const id = this.#id();
    const username = over.username ?? `user${this.accounts.length + 1}`;
    const domain = over.domain ?? null;
    const account = sampleAccount(id, {
      username,
      acct: domain ? `${username}@${domain}` : username,
      ...over.account,
    });
    const admin = sampleAdminAccount(id, { ...over, username, domain, account });
    this.accounts.push(admin);
    return admin;
  }

  /** Adds a status by an existing account, with a fresh id; counts it, as Mastodon does. */
  addStatus(accountId: string, over: Partial<Status> = {}): Status {
    const admin = this.#find(accountId, "addStatus");
    admin.account.statuses_count += 1;
    const status = sampleStatus(this.#id(), admin.account, over);
    this.statuses.push(status);
    return status;
  }

  instance(): Promise<Instance> {
    return this.#call("instance", [], () => this.instanceInfo);
  }

  verifyCredentials(token: "admin" | "reporter"): Promise<CredentialAccount> {
    return this.#call("verifyCredentials", [token], () => this.credentials[token]);
  }

  listAdminAccounts(q: AdminAccountQuery): Promise<Page<AdminAccount>> {
    return this.#call("listAdminAccounts", [q], () => {
      const matching = this.accounts.filter((a) =>
        (q.origin === undefined || (q.origin === "local") === !a.domain) &&
        (q.status === undefined || accountStatus(a) === q.status)
      );
      return pageById(matching, q, 100);
    });
  }

  newAdminAccountsSince(
    q: { origin: "local" | "remote"; cursor?: string; maxPages?: number },
  ): Promise<{ accounts: AdminAccount[]; cursor?: string }> {
    // Recorded as itself; the page reads it makes are recorded too, as with the real client.
    this.calls.push({ method: "newAdminAccountsSince", args: [q] });
    return newAdminAccountsSince(this, q);
  }

  adminAccount(id: string): Promise<AdminAccount> {
    return this.#call("adminAccount", [id], () => this.#find(id, "/api/v1/admin/accounts/:id"));
  }

  accountStatuses(
    id: string,
    q: { limit?: number; excludeReblogs?: boolean; maxId?: string } = {},
  ): Promise<Status[]> {
    return this.#call("accountStatuses", [id, q], () => {
      this.#find(id, "/api/v1/accounts/:id/statuses");
      const own = this.statuses.filter((s) =>
        s.account.id === id && !(q.excludeReblogs && s.reblog)
      );
      return pageById(own, { maxId: q.maxId, limit: q.limit }, 20).items;
    });
  }

  status(id: string): Promise<Status> {
    return this.#call("status", [id], () => {
      const status = this.statuses.find((s) => s.id === id);
      if (!status) throw fakeError(404, "/api/v1/statuses/:id");
      return status;
    });
  }

  createReport(r: ReportRequest): Promise<Report> {
    return this.#call("createReport", [r], () => {
      const target = this.#find(r.accountId, "/api/v1/reports", "POST");
      const statusIds = r.statusIds ?? [];
      const statuses = statusIds.map((sid) => {
        const s = this.statuses.find((x) => x.id === sid && x.account.id === target.id);
        if (!s) throw fakeError(404, "/api/v1/reports", "POST");
        return s;
      });
      const id = String(this.adminReports.length + 1);
      const fields = {
        comment: truncateComment(r.comment ?? ""),
        category: r.ruleIds?.length ? "violation" : (r.category ?? "other"),
        rule_ids: r.ruleIds?.length ? r.ruleIds : null,
      };
      const report = sampleReport(id, target.account, { ...fields, status_ids: statusIds });
      const reporter = sampleAdminAccount(this.credentials.reporter.id, {
        account: this.credentials.reporter,
      });
      const rules = this.instanceInfo.rules.filter((rule) => r.ruleIds?.includes(rule.id));
      const { rule_ids: _, ...adminFields } = fields;
      this.reports.push(report);
      this.adminReports.push(
        sampleAdminReport(id, reporter, target, { ...adminFields, statuses, rules }),
      );
      return report;
    });
  }

  listAdminReports(q: AdminReportQuery): Promise<Page<AdminReport>> {
    return this.#call("listAdminReports", [q], () => {
      const matching = this.adminReports.filter((r) =>
        r.action_taken === (q.resolved === true) &&
        (q.targetAccountId === undefined || r.target_account.id === q.targetAccountId) &&
        (q.accountId === undefined || r.account.id === q.accountId)
      );
      return pageById(matching, q, 100);
    });
  }

  adminReport(id: string): Promise<AdminReport> {
    return this.#call("adminReport", [id], () => {
      const report = this.adminReports.find((r) => r.id === id);
      if (!report) throw fakeError(404, "/api/v1/admin/reports/:id");
      return report;
    });
  }

  rateLimit(): { limit?: number; remaining?: number; reset?: Date } {
    return { ...this.budget };
  }

  /** Open streaming connections; `streamEvent()` writes to all of them. */
  readonly streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  /** Stream connections to refuse before one is accepted. */
  streamRefusals = 0;

  openStream(_stream: PublicStream, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    this.calls.push({ method: "openStream", args: [_stream] });
    if (this.streamRefusals > 0) {
      this.streamRefusals--;
      return Promise.reject(fakeError(503, "/api/v1/streaming/public/remote"));
    }
    let ctl: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        ctl = c;
        this.streams.add(c);
        c.enqueue(new TextEncoder().encode(":)\n"));
      },
      cancel: () => void this.streams.delete(ctl),
    });
    signal.addEventListener("abort", () => this.endStreams(), { once: true });
    return Promise.resolve(body);
  }

  /** Sends an event, as the streaming server would, to every open connection. */
  streamEvent(event: string, payload: unknown): void {
    const data = typeof payload === "string" ? payload : JSON.stringify(payload);
    const bytes = new TextEncoder().encode(`event: ${event}\ndata: ${data}\n\n`);
    for (const c of this.streams) c.enqueue(bytes);
  }

  /** Drops every streaming connection, as a server restart would. */
  endStreams(): void {
    for (const c of this.streams) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
    this.streams.clear();
  }

  #call<T>(method: keyof Mastodon, args: unknown[], run: () => T): Promise<T> {
    this.calls.push({ method, args });
    if (this.#failures.count > 0) {
      this.#failures.count--;
      return Promise.reject(this.#failures.error);
    }
    try {
      // structuredClone: callers must not be able to change the fake's state through a result.
      return Promise.resolve(structuredClone(run()));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #find(id: string, path: string, method = "GET"): AdminAccount {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) throw fakeError(404, path, method);
    return account;
  }

  #id(): string {
    return String(this.#nextId++);
  }
}

/** The moderation state Mastodon's `status` filter sees in an account. */
function accountStatus(a: AdminAccount): AdminAccountQuery["status"] {
  if (a.suspended) return "suspended";
  if (a.disabled) return "disabled";
  if (a.silenced) return "silenced";
  if (a.approved === false) return "pending";
  return "active";
}

/** A MastodonError as the real client would raise it for `status`. */
export function fakeError(status: number, path = "/fake", method = "GET"): MastodonError {
  return new MastodonError({
    method,
    path,
    status,
    retryable: status === 0 || isRetryableStatus(status),
    code: status === 0 ? "network" : codeForStatus(status),
    detail: status === 404 ? "Record not found" : undefined,
  });
}
