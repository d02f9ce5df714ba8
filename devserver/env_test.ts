import assert from "node:assert/strict";
import { DevServerEnvError, readDevServerEnv, startOptions } from "./env.ts";

Deno.test("readDevServerEnv() names every bad development server setting", () => {
  assert.throws(
    () => readDevServerEnv({ DEVSERVER_PORT: "http", DEVSERVER_WEBHOOK_URL: "nowhere" }),
    (err: Error) =>
      err instanceof DevServerEnvError && /DEVSERVER_PORT/.test(err.message) &&
      /DEVSERVER_WEBHOOK_URL/.test(err.message),
  );
});

Deno.test("readDevServerEnv() treats empty values as unset and startOptions() carries them over", () => {
  const env = readDevServerEnv({
    DEVSERVER_WEBHOOK_URL: "",
    DEVSERVER_RATE_LIMIT_PERIOD: "5",
    DEVSERVER_ORDINARY_ACCOUNTS: "40",
    DEVSERVER_RESET: "1",
  });
  const opts = startOptions(env, () => 0);
  assert.equal(opts.webhookUrl, undefined);
  assert.equal(opts.rateLimitPeriodMs, 5_000);
  assert.equal(opts.population?.ordinaryAccounts, 40);
  assert.equal(opts.reset, true);
  assert.equal(opts.port, 3000);
});
