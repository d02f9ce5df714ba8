/**
 * A Mastodon for long benchmark runs: account `i` is the development server's population
 * account `i mod N` under a new id, built when asked for and never kept, so the fake stays the
 * same size however many accounts pass through it (FakeMastodon keeps every account and
 * searches its arrays, which is right for tests and wrong for 100,000 accounts).
 */
import type {
  AdminAccountQuery,
  AdminReportQuery,
  Mastodon,
  Page,
  ReportRequest,
} from "../mastodon/client.ts";
import type {
  AdminAccount,
  AdminReport,
  CredentialAccount,
  Instance,
  Report,
  Status,
} from "../mastodon/schemas.ts";
import { fakeError } from "../mastodon/fake.ts";
import { sampleAccount, sampleReport } from "../mastodon/testing/samples.ts";
import { generatePopulation, type SeedAccount } from "../devserver/population/generate.ts";

const FIRST_ID = 300_000_000_000_000_000n;
/** Ids of an account's statuses follow its own id; no population account has this many. */
const STATUS_SPAN = 1000n;

interface Template {
  admin: AdminAccount;
  /** Newest first. */
  statuses: Status[];
  label: string;
}

/**
 * Each pass over the population says so in every status text, so that many passes are many
 * distinct people rather than one campaign repeating the same posts word for word (within a
 * pass the waves still post alike; links and images repeat across passes as shared ones do).
 */
function withPass(content: string, pass: number): string {
  return content.endsWith("</p>")
    ? `${content.slice(0, -4)} (${pass})</p>`
    : `${content} (${pass})`;
}

/** The population's accounts served under ever new ids. */
export class PopulationMastodon implements Mastodon {
  readonly #templates: Template[];
  /** Calls by method name: a fixed set of keys. */
  readonly calls: Record<string, number> = {};
  reportsFiled = 0;

  /** `seed` picks the population; its hour ends at `now`, so ages and windows read as live. */
  constructor(seed = 42, now = Date.now()) {
    const pop = generatePopulation(seed, { baseTime: now - 3_600_000 });
    this.#templates = pop.accounts.map((a: SeedAccount) => ({
      admin: a.admin as unknown as AdminAccount,
      statuses: (a.statuses as unknown as Status[]).slice().reverse(),
      label: a.label,
    }));
  }

  /** How many distinct accounts the population has before ids repeat its templates. */
  get templateCount(): number {
    return this.#templates.length;
  }

  /** The id of the `i`-th account. */
  accountId(i: number): string {
    return String(FIRST_ID + BigInt(i) * STATUS_SPAN);
  }

  /** The population label of the `i`-th account. */
  label(i: number): string {
    return this.#templates[i % this.#templates.length].label;
  }

  #index(id: string, path: string): number {
    let n: bigint;
    try {
      n = BigInt(id) - FIRST_ID;
    } catch {
      throw fakeError(404, path);
    }
    if (n < 0n) throw fakeError(404, path);
    return Number(n / STATUS_SPAN);
  }

  #account(i: number): AdminAccount {
    const t = this.#templates[i % this.#templates.length];
    const id = this.accountId(i);
    // Shallow copies: nothing downstream changes an entity it was given.
    return { ...t.admin, id, account: { ...t.admin.account, id } };
  }

  #statuses(i: number): Status[] {
    const t = this.#templates[i % this.#templates.length];
    const accountId = this.accountId(i);
    const first = BigInt(accountId);
    const pass = Math.floor(i / this.#templates.length);
    return t.statuses.map((s, k) => ({
      ...s,
      id: String(first + BigInt(t.statuses.length - k)),
      content: pass === 0 ? s.content : withPass(s.content, pass),
      account: { ...s.account, id: accountId },
    }));
  }

  #count(method: keyof Mastodon) {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  instance(): Promise<Instance> {
    this.#count("instance");
    return Promise.resolve({
      domain: "bench.example",
      title: "Bench",
      version: "4.6.4",
      rules: [],
    });
  }

  verifyCredentials(token: "admin" | "reporter"): Promise<CredentialAccount> {
    this.#count("verifyCredentials");
    return Promise.resolve(sampleAccount(token === "admin" ? "1" : "2", { username: token }));
  }

  listAdminAccounts(_q: AdminAccountQuery): Promise<Page<AdminAccount>> {
    this.#count("listAdminAccounts");
    return Promise.resolve({ items: [] });
  }

  newAdminAccountsSince(
    q: { origin: "local" | "remote"; cursor?: string },
  ): Promise<{ accounts: AdminAccount[]; cursor?: string }> {
    this.#count("newAdminAccountsSince");
    return Promise.resolve({ accounts: [], cursor: q.cursor });
  }

  adminAccount(id: string): Promise<AdminAccount> {
    this.#count("adminAccount");
    try {
      return Promise.resolve(this.#account(this.#index(id, "/api/v1/admin/accounts/:id")));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  accountStatuses(id: string, q: { limit?: number; excludeReblogs?: boolean } = {}) {
    this.#count("accountStatuses");
    try {
      const all = this.#statuses(this.#index(id, "/api/v1/accounts/:id/statuses"));
      const own = q.excludeReblogs ? all.filter((s) => !s.reblog) : all;
      return Promise.resolve(own.slice(0, Math.min(q.limit ?? 20, 40)));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  status(id: string): Promise<Status> {
    this.#count("status");
    try {
      const found = this.#statuses(this.#index(id, "/api/v1/statuses/:id")).find((s) =>
        s.id === id
      );
      return found
        ? Promise.resolve(found)
        : Promise.reject(fakeError(404, "/api/v1/statuses/:id"));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  createReport(r: ReportRequest): Promise<Report> {
    this.#count("createReport");
    try {
      const target = this.#account(this.#index(r.accountId, "/api/v1/reports")).account;
      const id = String(++this.reportsFiled);
      return Promise.resolve(sampleReport(id, target, {
        comment: r.comment ?? "",
        category: r.ruleIds?.length ? "violation" : (r.category ?? "other"),
        status_ids: r.statusIds ?? [],
        created_at: new Date().toISOString(),
      }));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  listAdminReports(_q: AdminReportQuery): Promise<Page<AdminReport>> {
    this.#count("listAdminReports");
    return Promise.resolve({ items: [] });
  }

  adminReport(_id: string): Promise<AdminReport> {
    this.#count("adminReport");
    return Promise.reject(fakeError(404, "/api/v1/admin/reports/:id"));
  }

  rateLimit(): { limit?: number; remaining?: number; reset?: Date } {
    return {};
  }

  /** No streaming here: the benchmark drives runs itself. */
  openStream(): Promise<ReadableStream<Uint8Array>> {
    return Promise.reject(new Error("the benchmark's Mastodon has no streaming API"));
  }
}
