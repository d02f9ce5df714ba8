/**
 * What a moderator might do next about a wave, in words. A suggestion only: nothing here acts,
 * and every action it names is taken, if at all, by a person in Mastodon's own admin UI.
 */
import type { WaveView } from "../db/wave_views.ts";

const SHARE = 0.8;

/** Suggested next steps for a wave, most telling first. */
export function suggestNextStep(w: Pick<WaveView, "size" | "domains" | "shared" | "reports">) {
  const out: string[] = [];
  const remote = w.domains.filter((d) => d.domain !== null);
  const local = w.domains.find((d) => d.domain === null)?.accounts ?? 0;
  // The fewest domains that hold most of the wave.
  let covered = 0;
  const top: string[] = [];
  for (const d of remote) {
    if (covered >= w.size * SHARE || top.length >= 5) break;
    covered += d.accounts;
    top.push(d.domain!);
  }
  if (top.length > 0 && covered >= w.size * SHARE) {
    out.push(
      `${covered} of ${w.size} accounts come from ${top.length} domain${plural(top.length)} ` +
        `(${top.join(", ")}): consider reviewing ${
          top.length === 1 ? "that domain" : "those domains"
        } in Mastodon's federation moderation.`,
    );
  }
  if (local >= w.size * SHARE) {
    out.push(
      `${local} of ${w.size} accounts signed up here: consider whether sign-ups should need ` +
        `approval for a while.`,
    );
  }
  if (w.shared.signup_addresses > 0) {
    out.push(
      `${w.shared.signup_addresses} sign-up address${
        w.shared.signup_addresses === 1 ? " is" : "es are"
      } shared: consider an IP block review in Mastodon's admin UI.`,
    );
  }
  const link = w.shared.links[0];
  if (link && link.accounts >= 2) {
    out.push(`${link.accounts} accounts posted links to ${link.sample}.`);
  }
  const unreported = w.size - w.reports.accounts;
  if (w.reports.accounts > 0 && unreported > 0) {
    out.push(`${unreported} of ${w.size} accounts have no report from MastoWatch yet.`);
  }
  if (w.reports.actioned > 0) {
    out.push(`Moderators acted on ${w.reports.actioned} of ${w.reports.filed} reports so far.`);
  }
  return out;
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
