/** The list of accounts seen, with its filters, its sort order said aloud, and paging. */
import { ACCOUNT_SORTS, type AccountSort } from "../db/account_list.ts";
import { Layout, type Viewer } from "./layout.tsx";
import { fmtScore, fmtTime, Pill, Table } from "./table.tsx";

/** An account as the list shows it. */
export interface AccountSummary {
  id: string;
  acct: string;
  domain: string | null;
  display_name: string;
  last_seen_at: Date | string;
  last_score: number | null;
  reports: number;
}

/** The filters as the form holds them (strings, as typed). */
export type AccountFilterForm = Partial<
  Record<"min_score" | "max_score" | "reported" | "domain" | "origin" | "since", string>
>;

/** The URL when it is http(s): an account's URL comes from remote JSON and may be hostile. */
export function safeLink(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function Select(
  props: { name: string; label: string; value?: string; options: [string, string][] },
) {
  return (
    <div>
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        {props.options.map(([v, l]) => (
          <option key={v} value={v} selected={props.value === v}>{l}</option>
        ))}
      </select>
    </div>
  );
}

function Filters({ f, sort }: { f: AccountFilterForm; sort: AccountSort }) {
  return (
    <form method="get" action="/accounts" class="filters card" role="search">
      <div>
        <label for="f-min_score">Score at least</label>
        <input id="f-min_score" type="number" step="any" name="min_score" value={f.min_score} />
      </div>
      <div>
        <label for="f-max_score">Score at most</label>
        <input id="f-max_score" type="number" step="any" name="max_score" value={f.max_score} />
      </div>
      <Select
        name="reported"
        label="Reported"
        value={f.reported}
        options={[["", "any"], ["true", "reported by us"], ["false", "not reported"]]}
      />
      <Select
        name="origin"
        label="Origin"
        value={f.origin}
        options={[["", "local and remote"], ["local", "local"], ["remote", "remote"]]}
      />
      <div>
        <label for="f-domain">Domain</label>
        <input
          id="f-domain"
          type="text"
          name="domain"
          value={f.domain}
          placeholder="spam.example"
        />
      </div>
      <div>
        <label for="f-since">Seen since</label>
        <input id="f-since" type="date" name="since" value={f.since} />
      </div>
      <Select
        name="sort"
        label="Sort"
        value={sort}
        options={Object.entries(ACCOUNT_SORTS) as [string, string][]}
      />
      <div class="actions">
        <button type="submit">Filter</button>
        <a href="/accounts">Clear</a>
      </div>
    </form>
  );
}

/** The list of accounts seen. */
export function AccountsPage(
  props: Viewer & {
    filter: AccountFilterForm;
    sort: AccountSort;
    items: AccountSummary[];
    nextHref: string | null;
  },
) {
  const filtered = Object.values(props.filter).some((v) => v);
  return (
    <Layout title="Accounts" active="/accounts" actor={props.actor} csrf={props.csrf}>
      <h1>Accounts</h1>
      <Filters f={props.filter} sort={props.sort} />
      <p class="muted" data-sort={props.sort}>Sorted by {ACCOUNT_SORTS[props.sort]}.</p>
      <Table
        class="accounts"
        empty={filtered
          ? "No account matches these filters. Widen them or clear them."
          : "No account seen yet. Accounts appear as Mastodon announces them (polls and webhooks)."}
        rows={props.items}
        columns={[
          {
            head: "Account",
            cell: (a) => (
              <>
                <a href={`/accounts/${encodeURIComponent(a.id)}`}>@{a.acct}</a>{" "}
                {a.domain ? null : <Pill>local</Pill>}
              </>
            ),
          },
          {
            head: "Score",
            num: true,
            cell: (a) => <span data-score>{fmtScore(a.last_score)}</span>,
          },
          {
            head: "Reports",
            cell: (a) => a.reports > 0 ? <Pill tone="warn">{a.reports} filed</Pill> : "—",
          },
          { head: "Display name", cell: (a) => a.display_name },
          { head: "Last seen", cell: (a) => fmtTime(a.last_seen_at) },
        ]}
      />
      <div class="pager">
        {props.nextHref ? <a href={props.nextHref} rel="next">Next page</a> : null}
      </div>
    </Layout>
  );
}
