/** The settings page: the live switches, the configured limits, dependencies and schedules. */
import { Layout, type Viewer } from "./layout.tsx";
import { fmtTime, Pill, Table } from "./table.tsx";

/** What the settings page shows (also its JSON). */
export interface SettingsView {
  flags:
    | { ok: true; dry_run: boolean; panic_stop: boolean }
    | { ok: false; error: string };
  changed: { key: string; updated_at: Date | string; updated_by: string }[];
  limits: { name: string; value: string; env: string }[];
  health: { name: string; ok: boolean; latency_ms: number; error?: string }[];
  schedules: {
    name: string;
    seconds: number;
    running: boolean;
    last_run_at: Date | null;
    next_run_at: Date | null;
    last_error: string | null;
    last_error_at: Date | null;
  }[];
}

const FLAGS = [
  {
    key: "dry_run",
    label: "Dry run",
    on: "Accounts are scored and recorded; no report is filed.",
    off: "Reports are filed at Mastodon when a score reaches the threshold.",
  },
  {
    key: "panic_stop",
    label: "Panic stop",
    on: "Nothing advances; runs wait and resume when it is lifted.",
    off: "Runs advance normally.",
  },
] as const;

function Switches(props: { view: SettingsView; csrf?: string }) {
  const f = props.view.flags;
  if (!f.ok) {
    return (
      <p class="banner bad" role="alert" data-flags-error>
        The switches cannot be read ({f.error}). Until they can, no report is filed.
      </p>
    );
  }
  return (
    <div class="grid">
      {FLAGS.map((flag) => {
        const on = f[flag.key];
        const changed = props.view.changed.find((c) => c.key === flag.key);
        return (
          <form
            key={flag.key}
            method="post"
            action={`/config/${flag.key}?enable=${!on}`}
            class="stat flag"
          >
            <input type="hidden" name="csrf" value={props.csrf ?? ""} />
            <span class="n">
              {flag.label}: <span data-flag={flag.key}>{on ? "ON" : "off"}</span>
            </span>
            <p class="sub">{on ? flag.on : flag.off}</p>
            <p class="sub">
              {changed
                ? `Last changed by ${changed.updated_by}, ${fmtTime(changed.updated_at)}`
                : "Never changed here: the configured default applies."}
            </p>
            <button type="submit" class={on ? "" : "secondary"} data-flag-toggle={flag.key}>
              {on ? `Turn ${flag.label.toLowerCase()} off` : `Turn ${flag.label.toLowerCase()} on`}
            </button>
          </form>
        );
      })}
    </div>
  );
}

/** The settings page. */
export function SettingsPage({ view, ...viewer }: { view: SettingsView } & Viewer) {
  return (
    <Layout title="Settings" active="/settings" {...viewer}>
      <h1>Settings</h1>
      <h2>Switches</h2>
      <Switches view={view} csrf={viewer.csrf} />
      <h2>Reporting limits</h2>
      <p class="hint">Set in the service's environment; a restart applies a change.</p>
      <Table
        class="limits"
        empty="No limits configured."
        rows={view.limits}
        columns={[
          { head: "Setting", cell: (l) => l.name },
          { head: "Value", cell: (l) => <strong>{l.value}</strong> },
          { head: "Variable", cell: (l) => <code>{l.env}</code> },
        ]}
      />
      <h2>Dependencies</h2>
      <Table
        class="health"
        empty="No dependency is checked."
        rows={view.health}
        columns={[
          { head: "Dependency", cell: (h) => h.name },
          {
            head: "State",
            cell: (h) => <Pill tone={h.ok ? "on" : "bad"}>{h.ok ? "up" : "down"}</Pill>,
          },
          { head: "Latency", num: true, cell: (h) => `${h.latency_ms} ms` },
          { head: "Error", cell: (h) => h.error ?? "" },
        ]}
      />
      <h2>Schedules</h2>
      <Table
        class="schedules"
        empty="No schedule runs: without a Mastodon configured (INSTANCE_BASE, MASTODON_ADMIN_TOKEN) nothing is polled."
        rows={view.schedules}
        columns={[
          {
            head: "Schedule",
            cell: (s) => (
              <>
                {s.name} {s.running ? <Pill tone="warn">running</Pill> : null}
              </>
            ),
          },
          { head: "Every", cell: (s) => `${s.seconds} s` },
          { head: "Last run", cell: (s) => s.last_run_at ? fmtTime(s.last_run_at) : "not yet" },
          { head: "Next run", cell: (s) => s.next_run_at ? fmtTime(s.next_run_at) : "at start-up" },
          {
            head: "Last error",
            cell: (s) =>
              s.last_error
                ? <span class="error">{s.last_error} ({fmtTime(s.last_error_at)})</span>
                : "none",
          },
        ]}
      />
    </Layout>
  );
}
