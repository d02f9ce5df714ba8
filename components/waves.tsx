/** The spam waves pages: the list of waves and one wave with its accounts and what they share. */
import type { SharedFeature, WaveView } from "../db/wave_views.ts";
import { Layout, type Viewer } from "./layout.tsx";
import { fmtScore, fmtTime, Pill, Table } from "./table.tsx";

/** A wave with the suggested next steps. */
export type WaveWithSuggestion = WaveView & { suggestions: string[] };

function domainsText(w: WaveView): string {
  return w.domains.slice(0, 3).map((d) => `${d.domain ?? "local"} (${d.accounts})`).join(", ") +
    (w.domains.length > 3 ? `, +${w.domains.length - 3} more` : "");
}

function Reports({ r }: { r: WaveView["reports"] }) {
  return (
    <span>
      {r.filed} filed · {r.open} open · {r.actioned} actioned · {r.dismissed} dismissed
    </span>
  );
}

/** GET /waves as a page. */
export function WavesPage(
  props: Viewer & { items: WaveWithSuggestion[]; nextHref: string | null },
) {
  return (
    <Layout title="Spam waves" active="/waves" actor={props.actor} csrf={props.csrf}>
      <h1>Spam waves</h1>
      <p class="muted">
        Young accounts that posted the same texts, links or images, or signed up from one address,
        within minutes of each other. Suggestions are only suggestions: MastoWatch takes no action.
      </p>
      <Table
        class="waves"
        empty="No wave yet: accounts join one when they share what they post with others."
        rows={props.items}
        columns={[
          { head: "Wave", cell: (w) => <a href={`/waves/${w.id}`} data-wave={w.id}>#{w.id}</a> },
          { head: "Accounts", num: true, cell: (w) => <span data-size>{w.size}</span> },
          { head: "Domains", cell: (w) => domainsText(w) },
          { head: "First seen", cell: (w) => fmtTime(w.first_seen) },
          { head: "Last seen", cell: (w) => fmtTime(w.last_seen) },
          { head: "Reports", cell: (w) => <Reports r={w.reports} /> },
          { head: "Suggestion", cell: (w) => w.suggestions[0] ?? "" },
        ]}
      />
      {props.nextHref
        ? (
          <p class="pager">
            <a href={props.nextHref}>Older waves</a>
          </p>
        )
        : null}
    </Layout>
  );
}

function Shared({ title, kind, items }: { title: string; kind: string; items: SharedFeature[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="shared" data-shared={kind}>
        {items.map((s, i) => (
          <li key={i}>
            <code>{s.sample}</code> <span class="muted">({s.accounts} accounts)</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** GET /waves/{id} as a page. */
export function WavePage(props: Viewer & { wave: WaveWithSuggestion }) {
  const w = props.wave;
  return (
    <Layout title={`Wave #${w.id}`} active="/waves" actor={props.actor} csrf={props.csrf}>
      <h1>Wave #{w.id}</h1>
      <p>
        <strong data-size>{w.size}</strong> accounts, seen {fmtTime(w.first_seen)} to{" "}
        {fmtTime(w.last_seen)} · <Reports r={w.reports} />
        {w.notified_at
          ? (
            <>
              {" "}
              <Pill>notified</Pill>
            </>
          )
          : null}
      </p>
      {w.suggestions.length > 0
        ? (
          <section class="card suggestions" aria-label="Suggested next steps">
            <h2>Suggested next steps</h2>
            <ul>{w.suggestions.map((s, i) => <li key={i}>{s}</li>)}</ul>
            <p class="muted">A suggestion only: any action is yours to take in Mastodon.</p>
          </section>
        )
        : null}
      <h2>What they share</h2>
      <Shared title="Texts" kind="texts" items={w.shared.texts} />
      <Shared title="Links" kind="links" items={w.shared.links} />
      <Shared title="Images (blurhash)" kind="blurhashes" items={w.shared.blurhashes} />
      {w.shared.signup_addresses > 0
        ? <p>{w.shared.signup_addresses} shared sign-up address(es), not shown here.</p>
        : null}
      <h2>Domains</h2>
      <Table
        class="domains"
        empty="No domain."
        rows={w.domains}
        columns={[
          { head: "Domain", cell: (d) => d.domain ?? "local" },
          { head: "Accounts", num: true, cell: (d) => d.accounts },
        ]}
      />
      <h2>Accounts</h2>
      <Table
        class="wave-accounts"
        empty="No account."
        rows={w.accounts}
        columns={[
          {
            head: "Account",
            cell: (a) => <a href={`/accounts/${encodeURIComponent(a.id)}`}>@{a.acct}</a>,
          },
          { head: "Score", num: true, cell: (a) => fmtScore(a.last_score) },
        ]}
      />
      {w.accounts.length < w.size
        ? <p class="muted">The first {w.accounts.length} of {w.size} accounts.</p>
        : null}
    </Layout>
  );
}
