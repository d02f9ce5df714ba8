/// <reference lib="deno.worker" />
/** The evaluation worker: answers jobs (see protocol.ts) off the host's event loop. */
import { handle, type Job } from "./protocol.ts";

self.onmessage = (e: MessageEvent<Job>) => self.postMessage(handle(e.data));
self.postMessage({ ready: true });
