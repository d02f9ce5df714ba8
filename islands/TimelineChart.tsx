/**
 * The overview's timeline: analyses, reports filed and reports actioned per day, drawn with
 * uPlot (bundled and served from our origin). The window is changed without reloading the page
 * through GET /analytics/timeline?days=N; the numbers stay readable in a table below.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";

/** One day of the timeline, as GET /analytics/timeline answers it. */
export interface TimelinePoint {
  day: string;
  analyses: number;
  reports: number;
  actioned: number;
}

/** Props: the window and the points the server rendered. */
export interface TimelineChartProps {
  days: number;
  points: TimelinePoint[];
}

const WINDOWS = [7, 30, 90, 365];
const SERIES = [
  { key: "analyses", label: "Analyses", stroke: "#3a55c8" },
  { key: "reports", label: "Reports filed", stroke: "#d9822b" },
  { key: "actioned", label: "Reports actioned", stroke: "#1e7b3a" },
] as const;

const DAY = 86_400;
const dayLabel = (seconds: number) => new Date(seconds * 1000).toISOString().slice(5, 10);
const dayLabels = (_: uPlot, ticks: number[]) => ticks.map(dayLabel);

function columns(points: TimelinePoint[]): uPlot.AlignedData {
  return [
    points.map((p) => Date.parse(`${p.day}T00:00:00Z`) / 1000),
    ...SERIES.map((s) => points.map((p) => p[s.key])),
  ];
}

/** The chart with its window picker. */
export default function TimelineChart({ days, points }: TimelineChartProps) {
  const [current, setCurrent] = useState({ days, points });
  const [error, setError] = useState("");
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(240, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 240,
        scales: { x: { time: true } },
        axes: [
          // One tick per day at most, labelled by its UTC date: the data is per day.
          { incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY], values: dayLabels },
          { label: "per day" },
        ],
        series: [
          { label: "Day", value: (_, v) => (v == null ? "—" : dayLabel(v)) },
          ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2 })),
        ],
      },
      columns(current.points),
      el,
    );
    // The chart follows its box, so a phone held either way never scrolls sideways.
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 240 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [current]);

  const pick = async (n: number) => {
    try {
      const res = await fetch(`/analytics/timeline?days=${n}`, {
        headers: { accept: "application/json" },
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      setCurrent({ days: body.days, points: body.points });
      setError("");
    } catch (err) {
      setError(`Could not load the timeline: ${(err as Error).message}`);
    }
  };

  const total = (k: typeof SERIES[number]["key"]) => current.points.reduce((n, p) => n + p[k], 0);
  return (
    <div class="chart" data-timeline-days={current.days}>
      <div class="controls">
        <span>Last</span>
        {WINDOWS.map((n) => (
          <button
            key={n}
            type="button"
            class={n === current.days ? "" : "secondary"}
            aria-pressed={n === current.days}
            onClick={() => pick(n)}
          >
            {n} days
          </button>
        ))}
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <div ref={box} class="plot" aria-hidden="true"></div>
      <details>
        <summary>
          In numbers: {total("analyses")} analyses, {total("reports")} reports filed,{" "}
          {total("actioned")} actioned
        </summary>
        <div class="table-wrap">
          <table class="timeline-table">
            <thead>
              <tr>
                <th>Day (UTC)</th>
                {SERIES.map((s) => <th key={s.key} class="num">{s.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {current.points.slice().reverse().map((p) => (
                <tr key={p.day}>
                  <td>{p.day}</td>
                  {SERIES.map((s) => <td key={s.key} class="num">{p[s.key]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
