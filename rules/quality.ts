/**
 * When a rule is noisy, and what to do about it: pure, from a rule's figures and shape. A rule
 * is noisy when most of the reports it contributed to that moderators decided were dismissed.
 */

/** Decided reports a rule needs before it can be called noisy. */
export const NOISY_MIN_DECIDED = 3;

/** The text fields keyword and regex rules read when a rule names none. */
const DEFAULT_FIELDS = ["content", "spoiler_text", "media_alt", "poll_options"];

/** What the advice is made from. */
export interface QualityInput {
  mode: "shadow" | "report";
  reports: { actioned: number; dismissed: number };
  detectorType: string;
  targetFields: string[];
  weight: number;
}

/** A noisy rule's figures and the changes suggested, most specific first. */
export interface Noisy {
  dismissed: number;
  decided: number;
  suggestions: string[];
}

/** Undefined unless the rule's decided reports were mostly dismissed. */
export function noisyAdvice(r: QualityInput, threshold: number): Noisy | undefined {
  const decided = r.reports.actioned + r.reports.dismissed;
  if (decided < NOISY_MIN_DECIDED || r.reports.dismissed * 2 <= decided) return undefined;
  const suggestions: string[] = [];
  if (r.detectorType === "keyword" || r.detectorType === "regex") {
    const fields = r.targetFields.length ? r.targetFields : DEFAULT_FIELDS;
    if (fields.length > 1) {
      suggestions.push(
        `Narrow its fields: it reads ${fields.join(", ")}; keep only those where the spam is.`,
      );
    }
  }
  if (r.weight >= threshold) {
    suggestions.push(
      `Raise its weight threshold: its weight ${r.weight} alone reaches the report threshold ` +
        `${threshold}; below it, the rule reports only together with another rule's hit.`,
    );
  }
  if (r.mode === "report") {
    suggestions.push(
      "Move it back to shadow: it is still scored and recorded, and files nothing until its " +
        "hits look right.",
    );
  }
  return { dismissed: r.reports.dismissed, decided, suggestions };
}
