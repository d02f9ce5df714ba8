/// <reference lib="deno.worker" />
/**
 * An evaluation worker for tests: it answers like the real one, but a job whose input holds the
 * text SLOW_MARK first keeps the thread busy for the milliseconds given in the worker's URL
 * (`?ms=`), as a very slow evaluation would.
 */
import { handle, type Job } from "./protocol.ts";
import { SLOW_MARK } from "./testing.ts";

const ms = Number(new URL(import.meta.url).searchParams.get("ms") ?? "1000");

self.onmessage = (e: MessageEvent<Job>) => {
  const d = e.data;
  const input = d.kind === "dryrun" ? d.item : d.kind === "dryrun_batch" ? d.items : d.input;
  if (JSON.stringify(input).includes(SLOW_MARK)) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // Busy on purpose: the point is a thread that does not yield.
    }
  }
  self.postMessage(handle(e.data));
};
self.postMessage({ ready: true });
