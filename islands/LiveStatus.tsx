/** Live workflow counts: refreshed from GET /workflows/counts every few seconds. */
import { useEffect, useState } from "preact/hooks";

/** Props: the counts rendered by the server, and how often to refresh. */
export interface LiveStatusProps {
  counts: Record<string, number>;
  intervalMs?: number;
}

const ORDER = [
  "queued",
  "fetch_context",
  "score",
  "report",
  "notify",
  "audit",
  "waiting",
  "failed",
  "skipped",
  "done",
];

/** A table of runs by state that keeps itself current. */
export default function LiveStatus({ counts, intervalMs = 5000 }: LiveStatusProps) {
  const [current, setCurrent] = useState(counts);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        const res = await fetch("/workflows/counts", { headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const body = await res.json();
        setCurrent(body.counts ?? {});
        setStale(false);
      } catch {
        setStale(true);
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  const states = [...new Set([...ORDER, ...Object.keys(current)])].filter((s) =>
    current[s] !== undefined
  );
  return (
    <table class="live-status" data-stale={stale ? "true" : "false"}>
      <caption>Runs in each state now; done and skipped: runs that ended so, in total</caption>
      <thead>
        <tr>
          <th>State</th>
          <th>Runs</th>
        </tr>
      </thead>
      <tbody>
        {states.length === 0
          ? (
            <tr>
              <td colSpan={2}>No runs yet</td>
            </tr>
          )
          : states.map((s) => (
            <tr key={s}>
              <td>{s}</td>
              <td data-state={s}>{current[s]}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
