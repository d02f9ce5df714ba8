import assert from "node:assert/strict";
import { Metrics } from "./metrics.ts";

Deno.test("a metric refuses series beyond its limit and counts what it refused", async () => {
  const metrics = new Metrics(3);
  for (let i = 0; i < 10; i++) metrics.inc("things_total", "Things", { id: String(i) });
  metrics.inc("things_total", "Things", { id: "0" });
  assert.equal(metrics.counter("things_total", { id: "0" }), 2, "known series still count");
  assert.equal(metrics.counter("things_total", { id: "5" }), 0);
  assert.equal(
    metrics.counter("mastowatch_metric_series_dropped_total", { metric: "things_total" }),
    7,
  );
  const text = await metrics.render();
  assert.equal(text.split("\n").filter((l) => l.startsWith("things_total{")).length, 3);
});

Deno.test("gauges and histograms are held to the same series limit", async () => {
  const metrics = new Metrics(2);
  for (let i = 0; i < 5; i++) {
    metrics.set("level", "Level", { id: String(i) }, i);
    metrics.observe("latency_seconds", "Latency", { id: String(i) }, 0.1);
  }
  const text = await metrics.render();
  assert.equal(text.split("\n").filter((l) => l.startsWith("level{")).length, 2);
  assert.equal(text.split("\n").filter((l) => l.startsWith("latency_seconds_count{")).length, 2);
});

Deno.test("setTotal() renders a counter whose total is kept elsewhere", async () => {
  const metrics = new Metrics();
  metrics.setTotal("runs_finished_total", "Runs finished", { state: "done" }, 41);
  metrics.setTotal("runs_finished_total", "Runs finished", { state: "done" }, 42);
  const text = await metrics.render();
  assert.match(text, /# TYPE runs_finished_total counter/);
  assert.match(text, /runs_finished_total\{state="done"\} 42/);
});

Deno.test("label values are escaped as the text format requires, and label order names no new series", async () => {
  const metrics = new Metrics();
  metrics.inc("odd_total", "Odd labels", { b: "plain", a: 'back\\slash "quoted"\nline' });
  metrics.inc("odd_total", "Odd labels", { a: 'back\\slash "quoted"\nline', b: "plain" });
  const text = await metrics.render();
  const lines = text.split("\n").filter((l) => l.startsWith("odd_total{"));
  assert.deepEqual(lines, ['odd_total{a="back\\\\slash \\"quoted\\"\\nline",b="plain"} 2']);
});
