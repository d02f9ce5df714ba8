/**
 * The comment of a report: what a moderator needs at a glance (score, rules, short evidence,
 * a link to the account in MastoWatch) and a marker with the run id, by which a retry finds
 * the report again. Always within Mastodon's 1000 characters, the marker always kept.
 */
import { MAX_COMMENT_CHARS, truncateComment } from "../mastodon/client.ts";
import type { StoredHit } from "../db/analyses.ts";

/** The marker that identifies the report a run filed. */
export function runMarker(runId: string): string {
  return `[mastowatch run ${runId}]`;
}

/** What the comment says. */
export interface CommentInput {
  runId: string;
  accountId: string;
  score: number;
  threshold: number;
  hits: StoredHit[];
  uiOrigin?: string;
  /** The earlier open report, when this one is filed because new evidence arrived. */
  newEvidence?: { previousReportId: string; statusCount: number };
  /** The spam wave the account belongs to (db/waves.ts), when it is in one. */
  wave?: { id: string; accounts: number };
}

const EVIDENCE_CHARS = 90;

/** Builds the report comment (≤ 1000 characters). */
export function reportComment(c: CommentInput): string {
  const tail: string[] = [];
  if (c.uiOrigin) tail.push(`Details: ${c.uiOrigin}/accounts/${encodeURIComponent(c.accountId)}`);
  tail.push(runMarker(c.runId));
  const tailText = tail.join("\n");
  const head = [
    `MastoWatch flagged this account: score ${round(c.score)} (threshold ${round(c.threshold)}).`,
  ];
  if (c.wave) {
    const where = c.uiOrigin ? `: ${c.uiOrigin}/waves/${encodeURIComponent(c.wave.id)}` : "";
    head.push(
      `Part of spam wave #${c.wave.id} (${c.wave.accounts} accounts sharing what they post)${where}`,
    );
  }
  if (c.newEvidence) {
    head.push(
      `New evidence since our report #${c.newEvidence.previousReportId}: ` +
        `${c.newEvidence.statusCount} more status(es).`,
    );
  }
  head.push("Rules hit:");
  const budget = MAX_COMMENT_CHARS - Array.from(tailText).length - 1;
  let body = head.join("\n");
  for (const hit of [...c.hits].sort((a, b) => b.weight - a.weight)) {
    const line = `\n- ${defang(hit.rule.name)} (+${round(hit.weight)}): ${evidenceText(hit)}`;
    if (Array.from(body + line).length > budget) {
      body += "\n…";
      break;
    }
    body += line;
  }
  return `${truncateComment(body, budget)}\n${tailText}`;
}

// Mastodon may forward a report's comment to the reported account's server, so evidence that
// quotes private data (e-mail, IP, sign-up reason) is told by its `shared` text instead, and any
// address that still slips into a quote is blanked.
const EMAIL = /[^\s@"<>()]+@[^\s@"<>()]+\.[^\s@"<>()]+/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const IPV6 = /\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;

/** Evidence text safe to leave MastoWatch: the shared form, with stray addresses blanked. */
export function shareable(e: { text: string; shared?: string }): string {
  return (e.shared ?? e.text).replace(EMAIL, "[e-mail]").replace(IPV4, "[IP]")
    .replace(IPV6, (m) => (m.split(":").length > 2 && /::|[a-f]/i.test(m) ? "[IP]" : m));
}

function evidenceText(hit: StoredHit): string {
  const e = hit.evidence[0];
  if (!e) return "matched";
  const where = e.status_id ? `status ${e.status_id}` : e.field;
  const text = truncateComment(defang(shareable(e).replace(/\s+/g, " ").trim()), EVIDENCE_CHARS);
  const more = hit.evidence.length > 1 ? ` (+${hit.evidence.length - 1} more)` : "";
  return `"${text}" in ${where}${more}`;
}

/**
 * Quoted text is written by the reported account: it must not close its quote or forge a run
 * marker, so quotes and square brackets become look-alikes that cannot.
 */
export function defang(text: string): string {
  return text.replace(/["\[\]]/g, (ch) => (ch === '"' ? "\u201d" : ch === "[" ? "(" : ")"));
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
