import assert from "node:assert/strict";
import { cpuModel } from "./machine.ts";

Deno.test("cpuModel() reads the first model name in /proc/cpuinfo", async () => {
  const info =
    "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) @ 2.80GHz\n";
  assert.equal(await cpuModel(() => Promise.resolve(info)), "Intel(R) Xeon(R) @ 2.80GHz");
});

Deno.test("cpuModel() says unknown where there is no /proc/cpuinfo", async () => {
  assert.equal(await cpuModel(() => Promise.reject(new Deno.errors.NotFound())), "unknown");
});
