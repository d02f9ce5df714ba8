import assert from "node:assert/strict";
import { ConfigError, loadConfig, publicConfig } from "./config.ts";

const production = {
  INSTANCE_BASE: "https://social.example/",
  MASTODON_ADMIN_TOKEN: "admin-token-value",
  API_KEY: "0123456789abcdef0123",
};

Deno.test("loadConfig() applies defaults and strips the instance's trailing slash", () => {
  const { config } = loadConfig(production, "production");
  assert.equal(config.port, 8080);
  assert.equal(config.instanceBase, "https://social.example");
  assert.equal(config.httpTimeoutMs, 30_000);
  assert.equal(config.minMastodonVersion, "4.0.0");
  assert.match(config.userAgent, /^MastoWatch\/\d+\.\d+\.\d+ \(\+moderation-sidecar\)$/);
  assert.equal(config.secrets.reporterToken, "admin-token-value");
});

Deno.test("loadConfig() in production names every missing required setting", () => {
  try {
    loadConfig({}, "production");
    assert.fail("expected a ConfigError");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const text = err.problems.join("\n");
    assert.match(text, /INSTANCE_BASE/);
    assert.match(text, /MASTODON_ADMIN_TOKEN/);
    assert.match(text, /API_KEY/);
  }
});

Deno.test("loadConfig() names each invalid variable", () => {
  try {
    loadConfig({ ...production, PORT: "eighty", HTTP_TIMEOUT: "-3", LOG_LEVEL: "loud" }, "dev");
    assert.fail("expected a ConfigError");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const fields = err.problems.map((p) => p.split(":")[0]).sort();
    assert.deepEqual(fields, ["HTTP_TIMEOUT", "LOG_LEVEL", "PORT"]);
  }
});

Deno.test("loadConfig() accepts MASTODON_CLIENT_SECRET for both tokens with a warning", () => {
  const { config, warnings } = loadConfig({
    INSTANCE_BASE: "https://social.example",
    MASTODON_CLIENT_SECRET: "legacy-token",
    API_KEY: "0123456789abcdef0123",
  }, "production");
  assert.equal(config.secrets.adminToken, "legacy-token");
  assert.equal(config.secrets.reporterToken, "legacy-token");
  assert.match(warnings[0], /deprecated/);
});

Deno.test("loadConfig() rejects SLACK_WEBHOOKS that is not a map of URLs", () => {
  assert.throws(
    () => loadConfig({ SLACK_WEBHOOKS: '{"report.filed": "not a url"}' }, "dev"),
    /SLACK_WEBHOOKS/,
  );
  const { config } = loadConfig(
    { SLACK_WEBHOOKS: '{"report.filed": "https://hooks.example/abc"}' },
    "dev",
  );
  assert.deepEqual(Object.keys(config.secrets.slackWebhooks), ["report.filed"]);
});

Deno.test("publicConfig() shows no secret value", () => {
  const { config } = loadConfig({
    ...production,
    WEBHOOK_SECRET: "webhook-secret-value",
    DATABASE_URL: "postgres://u:dbpassword@db/mw",
    SLACK_WEBHOOKS: '{"report.filed": "https://hooks.example/secret-path"}',
  }, "production");
  const text = JSON.stringify(publicConfig(config));
  for (
    const secret of [
      "admin-token-value",
      "0123456789abcdef0123",
      "webhook-secret-value",
      "dbpassword",
      "secret-path",
    ]
  ) {
    assert.ok(!text.includes(secret), `${secret} must not appear`);
  }
});
