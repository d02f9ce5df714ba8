import assert from "node:assert/strict";
import { assertFooterCredit } from "./render.ts";

Deno.test("assertFooterCredit() accepts the layout, which carries the credit link", () => {
  assertFooterCredit();
});

Deno.test("assertFooterCredit() refuses a page without the goingdark.social credit", () => {
  assert.throws(
    () => assertFooterCredit("<html><body><footer>MastoWatch</footer></body></html>"),
    /refuses to start/,
  );
  assert.throws(
    () => assertFooterCredit('<a href="https://example.org">Made for goingdark.social</a>'),
    /goingdark\.social/,
  );
});
