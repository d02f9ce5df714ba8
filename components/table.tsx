/** Small pieces every page uses: a scrolling table with an empty state, times, scores. */
import type { ComponentChildren } from "preact";

/** A column: its heading, how to show a row's cell, and whether it holds numbers. */
export interface Column<T> {
  head: string;
  cell: (row: T) => ComponentChildren;
  num?: boolean;
}

/** A table that scrolls sideways on a phone and says what to do when it is empty. */
export function Table<T>(props: {
  rows: T[];
  columns: Column<T>[];
  empty: ComponentChildren;
  class?: string;
}) {
  if (props.rows.length === 0) return <p class="empty">{props.empty}</p>;
  const cls = (c: Column<T>) => (c.num ? "num" : undefined);
  return (
    <div class="table-wrap">
      <table class={props.class}>
        <thead>
          <tr>
            {props.columns.map((c, i) => <th key={i} class={cls(c)}>{c.head}</th>)}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i}>
              {props.columns.map((c, j) => <td key={j} class={cls(c)}>{c.cell(r)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A time as "YYYY-MM-DD HH:MM:SS" UTC, or a dash. */
export function fmtTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const t = new Date(d);
  if (Number.isNaN(t.getTime())) return "—";
  return `${t.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/** A score with two decimals, or a dash. */
export function fmtScore(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toFixed(2);
}

/** A state as a coloured pill. */
export function Pill(props: { tone?: "on" | "off" | "bad" | "warn"; children: ComponentChildren }) {
  return <span class={`pill ${props.tone ?? ""}`}>{props.children}</span>;
}
