import assert from "node:assert/strict";
import { ConfigError, loadConfig, publicConfig } from "./config.ts";

Deno.test("loadConfig() runs the Deno KV queue unless QUEUE says otherwise", () => {
  assert.equal(loadConfig({}, "test").config.queue, "kv");
  const { config } = loadConfig({ QUEUE: "postgres", DATABASE_URL: "postgres://db/mw" }, "test");
  assert.equal(config.queue, "postgres");
  assert.equal(publicConfig(config).queue, "postgres");
});

Deno.test("loadConfig() refuses an unknown QUEUE, naming the allowed values", () => {
  assert.throws(() => loadConfig({ QUEUE: "redis" }, "test"), (err) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /QUEUE: must be kv or postgres, not "redis"/);
    return true;
  });
});

Deno.test("loadConfig() refuses QUEUE=postgres without DATABASE_URL", () => {
  assert.throws(
    () => loadConfig({ QUEUE: "postgres" }, "test"),
    /QUEUE: postgres needs DATABASE_URL/,
  );
});

Deno.test("the service refuses to start with an unknown QUEUE and says which values it takes", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL(".", import.meta.url).pathname,
    env: { QUEUE: "rabbitmq", DATA_DIR: await Deno.makeTempDir() },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 1, stderr);
  assert.match(stderr, /QUEUE: must be kv or postgres, not "rabbitmq"/);
});
