/** Behaviour detectors: posting rate, mentions, hashtags, near-duplicate statuses. */
import { type Condition, MAX_EVIDENCE } from "../condition.ts";
import { fingerprintText, jaccard, shingles } from "../fingerprint.ts";
import { MAX_COMPARED_STATUSES, MAX_MENTIONS } from "../limits.ts";
import { type PreparedStatus, snippet } from "../prepare.ts";
import type { Params } from "../schema.ts";
import type { Evidence } from "../types.ts";

/** More than N public statuses inside any window of T minutes (unlisted ones do not count). */
function rate(n: number, windowMs: number): Condition {
  return (p) => {
    const times = p.statuses.filter((s) => s.status.visibility === "public")
      .map((s) => s.createdAt).filter(Number.isFinite).sort((a, b) => a - b);
    let best = 0;
    for (let lo = 0, hi = 0; hi < times.length; hi++) {
      while (times[hi] - times[lo] > windowMs) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best > n
      ? [{ field: "statuses", text: `${best} public statuses within ${windowMs / 60_000} min` }]
      : [];
  };
}

/** The largest group of statuses similar to one of them; pairs compared once, statuses capped. */
function duplicates(n: number, params: Params<"behavior">): Condition {
  return (p) => {
    const items = p.statuses.slice(0, MAX_COMPARED_STATUSES)
      .map((s) => ({ s, text: fingerprintText(s) }))
      .filter((x) => x.text.length >= params.min_chars)
      .map((x) => ({ ...x, set: x.s.derived("shingles", () => shingles(x.text)) }));
    const similar = items.map(() => [] as boolean[]);
    for (let i = 0; i < items.length; i++) {
      similar[i][i] = true;
      for (let j = i + 1; j < items.length; j++) {
        similar[i][j] =
          similar[j][i] =
            jaccard(items[i].set, items[j].set) >= params.min_similarity;
      }
    }
    let best: typeof items = [];
    for (let i = 0; i < items.length; i++) {
      const group = items.filter((_, j) => similar[i][j]);
      if (group.length > best.length) best = group;
    }
    if (best.length < n) return [];
    return best.slice(0, MAX_EVIDENCE).map((x) => ({
      status_id: x.s.status.id,
      field: "content",
      text: `one of ${best.length} near-identical statuses: ${snippet(x.text, 0, 0)}`,
    }));
  };
}

function perStatus(min: number, count: (s: PreparedStatus) => number, what: string): Condition {
  return (p) => {
    const evidence: Evidence[] = [];
    for (const s of p.statuses) {
      const c = count(s);
      if (c >= min) evidence.push({ status_id: s.status.id, field: what, text: `${c} ${what}` });
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  };
}

const mentionIds = (s: PreparedStatus) => s.status.mentions.slice(0, MAX_MENTIONS).map((m) => m.id);

/**
 * Statuses with an attachment that mention someone and say at most `max` letters or digits
 * besides mentions, links and hashtags: the February 2024 wave sent one picture at strangers
 * with next to no text.
 */
function bareMentions(max: number): Condition {
  return (p) => {
    const evidence: Evidence[] = [];
    for (const s of p.statuses) {
      if (s.status.mentions.length === 0 || s.media.length === 0) continue;
      const own = s.derived(
        "ownText",
        () =>
          s.plainText.replace(/https?:\/\/\S+/g, " ").replace(/#[\p{L}\p{N}_]+/gu, " ")
            .replace(/[^\p{L}\p{N}]+/gu, ""),
      );
      if (own.length > max) continue;
      const n = new Set(mentionIds(s)).size;
      const text = `an attachment sent to ${n} account(s) with ${own.length} letters of text`;
      evidence.push({ status_id: s.status.id, field: "mentions", text });
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  };
}

/** Compiles a behaviour condition; `pattern` is the threshold. */
export function behaviorCondition(pattern: string, params: Params<"behavior">): Condition {
  const n = Number(pattern);
  switch (params.check) {
    case "rate":
      return rate(n, params.window_minutes * 60_000);
    case "mentions_per_status":
      return perStatus(n, (s) => new Set(mentionIds(s)).size, "mentions");
    case "hashtags_per_status":
      return perStatus(n, (s) => s.status.tags.length, "hashtags");
    case "tagged_links":
      // A link pushed into busy hashtags: the hashtags count only beside a web link.
      return perStatus(
        n,
        (s) => s.webLinks.length > 0 ? s.status.tags.length : 0,
        "hashtags beside a link",
      );
    case "distinct_mentions":
      return (p) => {
        const ids = new Set(p.statuses.flatMap(mentionIds));
        return ids.size >= n
          ? [{ field: "mentions", text: `mentioned ${ids.size} distinct accounts` }]
          : [];
      };
    case "duplicates":
      return duplicates(n, params);
    case "bare_mentions":
      return bareMentions(n);
  }
}
