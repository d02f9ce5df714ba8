import assert from "node:assert/strict";
import { loadConfig, VERSION } from "../../config.ts";
import project from "../../deno.json" with { type: "json" };

const production = {
  INSTANCE_BASE: "https://social.example",
  MASTODON_ADMIN_TOKEN: "admin-token-value",
  API_KEY: "0123456789abcdef0123",
};

Deno.test("the version defaults to deno.json's and names the User-Agent", () => {
  assert.match(project.version, /^\d+\.\d+\.\d+/);
  assert.equal(VERSION, project.version);
  const { config } = loadConfig(production, "production");
  assert.equal(config.version, project.version);
  assert.equal(config.userAgent, `MastoWatch/${project.version} (+moderation-sidecar)`);
});

Deno.test("VERSION from the environment replaces deno.json's, in /config's version and the User-Agent", () => {
  const { config } = loadConfig({ ...production, VERSION: "2.3.4-rc.1+abc123" }, "production");
  assert.equal(config.version, "2.3.4-rc.1+abc123");
  assert.equal(config.userAgent, "MastoWatch/2.3.4-rc.1+abc123 (+moderation-sidecar)");
  const custom = loadConfig(
    { ...production, VERSION: "9.9.9", USER_AGENT: "Ours/1" },
    "production",
  );
  assert.equal(custom.config.userAgent, "Ours/1");
});

Deno.test("a VERSION that could break a header is refused by name", () => {
  assert.throws(
    () => loadConfig({ ...production, VERSION: "1.0\r\nX-Evil: 1" }, "production"),
    /VERSION: must look like 0\.1\.0/,
  );
});
