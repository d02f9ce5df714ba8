/** A small Prometheus registry: counters, gauges and histograms rendered in text format. */

type Labels = Record<string, string>;

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Series one metric may hold; labels should come from fixed sets, this is the backstop. */
export const MAX_SERIES = 1000;
const DROPPED = "mastowatch_metric_series_dropped_total";

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/** A series' label string: names sorted, values escaped. It runs for every request answered. */
function key(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let out = "";
  for (const k of names) out += `${out ? "," : ""}${k}="${escape(labels[k])}"`;
  return out;
}

const SPECIAL = /[\\\n"]/;

function escape(v: string): string {
  if (!SPECIAL.test(v)) return v;
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/**
 * Holds every metric of the process; `render()` answers GET /metrics. A metric refuses series
 * beyond `maxSeries` (counted under mastowatch_metric_series_dropped_total), so a label that
 * slipped through unmapped costs a bounded amount of memory.
 */
export class Metrics {
  #help = new Map<string, { type: string; help: string }>();
  #counters = new Map<string, Map<string, number>>();
  #gauges = new Map<string, Map<string, number>>();
  #gaugeFns = new Map<string, () => Promise<Array<[Labels, number]>> | Array<[Labels, number]>>();
  #histograms = new Map<string, Map<string, Histogram>>();

  constructor(readonly maxSeries = MAX_SERIES) {}

  /** Adds `n` to a counter. */
  inc(name: string, help: string, labels: Labels = {}, n = 1): void {
    this.#declare(name, "counter", help);
    const series = this.#series(this.#counters, name);
    const k = key(labels);
    if (this.#admits(name, series, k)) series.set(k, (series.get(k) ?? 0) + n);
  }

  /** Sets a counter to a total kept elsewhere (e.g. in KV), which only grows. */
  setTotal(name: string, help: string, labels: Labels, value: number): void {
    this.#declare(name, "counter", help);
    const series = this.#series(this.#counters, name);
    const k = key(labels);
    if (this.#admits(name, series, k)) series.set(k, value);
  }

  /** Sets a gauge. */
  set(name: string, help: string, labels: Labels, value: number): void {
    this.#declare(name, "gauge", help);
    const series = this.#series(this.#gauges, name);
    const k = key(labels);
    if (this.#admits(name, series, k)) series.set(k, value);
  }

  /** Registers a gauge computed when /metrics is read. */
  gauge(
    name: string,
    help: string,
    read: () => Promise<Array<[Labels, number]>> | Array<[Labels, number]>,
  ): void {
    this.#declare(name, "gauge", help);
    this.#gaugeFns.set(name, read);
  }

  /** Records one observation (in seconds) in a histogram. */
  observe(name: string, help: string, labels: Labels, seconds: number): void {
    this.#declare(name, "histogram", help);
    const series = this.#series(this.#histograms, name);
    const k = key(labels);
    if (!this.#admits(name, series, k)) return;
    let h = series.get(k);
    if (!h) {
      h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      series.set(k, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) h.buckets[i]++;
    h.sum += seconds;
    h.count++;
  }

  /** The current value of a counter series (for tests and health views). */
  counter(name: string, labels: Labels = {}): number {
    return this.#counters.get(name)?.get(key(labels)) ?? 0;
  }

  /** Renders every metric in Prometheus text exposition format 0.0.4. */
  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, { type, help }] of this.#help) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      const fn = this.#gaugeFns.get(name);
      if (fn) {
        try {
          for (const [labels, v] of await fn()) lines.push(sample(name, key(labels), v));
        } catch {
          // A gauge whose source is down is left out rather than failing the scrape.
        }
      }
      for (const [k, v] of this.#counters.get(name) ?? []) lines.push(sample(name, k, v));
      for (const [k, v] of this.#gauges.get(name) ?? []) lines.push(sample(name, k, v));
      for (const [k, h] of this.#histograms.get(name) ?? []) {
        BUCKETS.forEach((b, i) => {
          lines.push(sample(`${name}_bucket`, join(k, `le="${b}"`), h.buckets[i]));
        });
        lines.push(sample(`${name}_bucket`, join(k, `le="+Inf"`), h.count));
        lines.push(sample(`${name}_sum`, k, h.sum), sample(`${name}_count`, k, h.count));
      }
    }
    return lines.join("\n") + "\n";
  }

  #admits(name: string, series: Map<string, unknown>, k: string): boolean {
    if (series.has(k) || series.size < this.maxSeries || name === DROPPED) return true;
    this.inc(DROPPED, "Metric updates refused because their metric holds too many series", {
      metric: name,
    });
    return false;
  }

  #declare(name: string, type: string, help: string): void {
    if (!this.#help.has(name)) this.#help.set(name, { type, help });
  }

  #series<T>(map: Map<string, Map<string, T>>, name: string): Map<string, T> {
    let s = map.get(name);
    if (!s) {
      s = new Map();
      map.set(name, s);
    }
    return s;
  }
}

function join(a: string, b: string): string {
  return a ? `${a},${b}` : b;
}

function sample(name: string, labels: string, value: number): string {
  return labels ? `${name}{${labels}} ${value}` : `${name} ${value}`;
}
