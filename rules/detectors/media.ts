/** Media detectors: missing descriptions, media types, known-bad files by URL hash or blurhash. */
import { createHash } from "node:crypto";
import { type Condition, MAX_EVIDENCE } from "../condition.ts";
import { type Params, terms } from "../schema.ts";
import type { Evidence, Media } from "../types.ts";

const EXT_MIME: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  heic: "image/heic",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  flac: "audio/flac",
}; // deno-fmt-ignore

/** The MIME type a media URL's extension implies (index scans: no arrays of every dot). */
function mimeOf(m: Media): string {
  const url = m.remote_url || m.url;
  const q = url.search(/[?#]/);
  const path = q < 0 ? url : url.slice(0, q);
  const ext = path.slice(path.lastIndexOf(".") + 1, path.length).toLowerCase();
  return ext.length <= 4 ? EXT_MIME[ext] ?? "" : "";
}

function typeMatches(m: Media, entry: string): boolean {
  if (!entry.includes("/")) return m.type === entry;
  const mime = mimeOf(m);
  return entry.endsWith("/*") ? mime.startsWith(entry.slice(0, -1)) : mime === entry;
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

function perMedia(test: (m: Media) => string | undefined): Condition {
  return (p) => {
    const evidence: Evidence[] = [];
    for (const s of p.statuses) {
      for (const m of s.media) {
        const why = test(m);
        if (why === undefined) continue;
        evidence.push({ status_id: s.status.id, field: "media", text: why });
        break;
      }
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  };
}

/** Compiles a media condition. */
export function mediaCondition(pattern: string, params: Params<"media">): Condition {
  switch (params.check) {
    case "missing_alt": {
      const min = Math.max(1, Number(pattern));
      return (p) => {
        const bare = p.statuses.flatMap((s) =>
          s.media.filter((m) => m.type !== "audio" && !m.description.trim())
            .map(() => s.status.id)
        );
        if (bare.length < min) return [];
        return [...new Set(bare)].slice(0, MAX_EVIDENCE).map((id) => ({
          status_id: id,
          field: "media",
          text: `${bare.length} attachment(s) without a description`,
        }));
      };
    }
    case "type": {
      const entries = terms(pattern).map((t) => t.toLowerCase());
      return perMedia((m) => {
        const e = entries.find((t) => typeMatches(m, t));
        return e ? `${m.type} attachment matches ${e}` : undefined;
      });
    }
    case "known_hash": {
      const set = new Set(terms(pattern).map((t) => t.toLowerCase()));
      return perMedia((m) => {
        for (const url of [m.remote_url, m.url].filter(Boolean)) {
          if (set.has(url.toLowerCase()) || set.has(sha256(url))) return `known file ${url}`;
        }
        return undefined;
      });
    }
    case "known_blurhash": {
      // Blurhashes may contain commas, so this list is split on whitespace only.
      const set = new Set(pattern.split(/\s+/).filter(Boolean));
      return perMedia((m) =>
        m.blurhash && set.has(m.blurhash) ? `known image ${m.blurhash}` : undefined
      );
    }
  }
}
