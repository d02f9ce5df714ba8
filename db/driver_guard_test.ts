import assert from "node:assert/strict";
import { setImmediate } from "node:timers";
import { isWriteAfterClose, surviveWriteAfterClose } from "./driver_guard.ts";

function writeAfterClose(): TypeError {
  const err = new TypeError("Cannot read properties of null (reading 'write')");
  err.stack =
    `${err.message}\n    at Immediate.nextWrite (file:///x/postgres/src/connection.js:255:22)`;
  return err;
}

Deno.test("isWriteAfterClose() knows postgres.js's deferred write on a closed socket, nothing else", () => {
  assert.equal(isWriteAfterClose(writeAfterClose()), true);
  assert.equal(
    isWriteAfterClose(new TypeError("Cannot read properties of null (reading 'write')")),
    false,
  );
  assert.equal(isWriteAfterClose(new Error("connect ECONNREFUSED")), false);
});

Deno.test("surviveWriteAfterClose() drops the driver's uncatchable throw and reports it", async () => {
  const dropped: string[] = [];
  const unguard = surviveWriteAfterClose((err) => dropped.push(err.message));
  try {
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        setTimeout(resolve, 20);
        throw writeAfterClose();
      });
    });
    assert.deepEqual(dropped, ["Cannot read properties of null (reading 'write')"]);
  } finally {
    unguard();
  }
});
