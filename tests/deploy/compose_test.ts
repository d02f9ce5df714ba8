import assert from "node:assert/strict";
import { loadConfig } from "../../config.ts";
import { ADMIN_TOKEN, REPORTER_TOKEN } from "../../devserver/credentials.ts";
import {
  documentedVariables,
  exampleVariables,
  ignoredBy,
  ignorePatterns,
  interpolatedVariables,
  readCompose,
  readRepoFile,
  schemaKeys,
} from "./files.ts";

const compose = readCompose();
const services = compose.services;
const documented = documentedVariables();
const example = exampleVariables();
// Services running our own image; the others run postgres:16-alpine with its own variables.
const ours = Object.entries(services).filter(([, s]) => s.build?.dockerfile);

const missing = (names: Iterable<string>, from: Set<string>) =>
  [...names].filter((n) => !from.has(n));

Deno.test("every variable the compose file interpolates is documented and in .env.example", () => {
  const used = interpolatedVariables(readRepoFile("docker-compose.yml"));
  assert.ok(used.has("POSTGRES_PASSWORD") && used.has("PORT"), [...used].join(", "));
  assert.deepEqual(missing(used, documented), [], "not in docs/ENVIRONMENT.md");
  assert.deepEqual(missing(used, example), [], "not in .env.example");
});

Deno.test("every variable our services are given in the compose file is documented", () => {
  const given = new Set(ours.flatMap(([, s]) => Object.keys(s.environment ?? {})));
  assert.ok(given.has("INSTANCE_BASE") && given.has("DEVSERVER_HOST"), [...given].join(", "));
  assert.deepEqual(missing(given, documented), []);
});

Deno.test("every variable config.ts and the development server read is documented", () => {
  const read = [
    ...schemaKeys("config.ts", "envSchema"),
    ...schemaKeys("devserver/env.ts", "envSchema"),
  ];
  assert.ok(read.includes("MASTODON_ADMIN_TOKEN") && read.includes("DEVSERVER_PORT"));
  assert.deepEqual(missing(read, documented), []);
});

Deno.test("docs/ENVIRONMENT.md documents each variable once", () => {
  const text = readRepoFile("docs/ENVIRONMENT.md");
  const rows = [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1]);
  assert.deepEqual(rows.filter((n, i) => rows.indexOf(n) !== i), []);
});

Deno.test(".env.example holds every documented variable and no other", () => {
  assert.deepEqual(missing(documented, example), [], "documented but not in .env.example");
  assert.deepEqual(missing(example, documented), [], "in .env.example but not documented");
});

Deno.test("the service reads .env, listens on 8080 in its container and waits for a healthy PostgreSQL", () => {
  const s = services.mastowatch;
  assert.deepEqual(s.env_file, [{ path: ".env", required: false }]);
  assert.equal(s.environment?.PORT, "8080");
  assert.equal(s.environment?.DATA_DIR, "/data");
  assert.match(s.environment?.DATABASE_URL ?? "", /@db:5432\//);
  assert.deepEqual(s.depends_on, { db: { condition: "service_healthy" } });
  assert.deepEqual(s.ports, ["${PORT:-8080}:8080"]);
  const db = services.db;
  assert.ok(db.healthcheck, "db has a health check");
  assert.ok(db.volumes?.some((v) => v.endsWith(":/var/lib/postgresql/data")));
  // .env.example turns the service's profile on, so `docker compose up` starts it.
  assert.match(readRepoFile(".env.example"), /^COMPOSE_PROFILES=service$/m);
  assert.deepEqual(s.profiles, ["service"]);
  assert.deepEqual(db.profiles, ["service"]);
});

Deno.test("the demo profile runs the development server and a service that reaches it by name", () => {
  const demo = Object.entries(services).filter(([, s]) => s.profiles?.includes("demo"));
  assert.deepEqual(demo.map(([n]) => n).sort(), ["demo", "demo-db", "devserver"]);
  const dev = services.devserver;
  const app = services.demo;
  assert.equal(dev.build?.dockerfile, "devserver.Dockerfile");
  assert.equal(dev.environment?.DEVSERVER_HOST, "devserver");
  const base = new URL(app.environment!.INSTANCE_BASE);
  assert.equal(base.hostname, "devserver");
  assert.equal(base.port, dev.environment?.DEVSERVER_PORT);
  const hook = new URL(dev.environment!.DEVSERVER_WEBHOOK_URL);
  assert.equal(hook.hostname, "demo");
  assert.equal(hook.port, app.environment?.PORT);
  assert.equal(hook.pathname, "/webhooks/mastodon");
  assert.equal(dev.environment?.DEVSERVER_WEBHOOK_SECRET, app.environment?.WEBHOOK_SECRET);
  assert.equal(app.environment?.MASTODON_ADMIN_TOKEN, ADMIN_TOKEN);
  assert.equal(app.environment?.MASTODON_REPORTER_TOKEN, REPORTER_TOKEN);
  assert.match(app.environment?.DATABASE_URL ?? "", /@demo-db:5432\//);
  assert.deepEqual(app.depends_on, {
    "demo-db": { condition: "service_healthy" },
    devserver: { condition: "service_healthy" },
  });
  // The demo never reads an .env, which may hold a real server's settings and secrets.
  assert.equal(app.env_file, undefined);
  // Its settings pass the production checks, so `deno task start` in the image starts.
  const { config } = loadConfig(app.environment!, "production");
  assert.equal(config.instanceBase, "http://devserver:3000");
});

Deno.test("the production image leaves out the development server, the tests and dev.ts", () => {
  const patterns = ignorePatterns(".dockerignore");
  for (const p of ["devserver/main.ts", "tests/db.ts", "bench/main.ts", "dev.ts", ".env"]) {
    assert.ok(ignoredBy(patterns, p), `${p} reaches the image`);
  }
  for (const p of ["rules/engine_test.ts", "islands/chart_test.tsx", "devserver.Dockerfile"]) {
    assert.ok(ignoredBy(patterns, p), `${p} reaches the image`);
  }
  for (const p of ["main.ts", "db/migrations/0001_init.sql", "scripts/setup.ts", "deno.lock"]) {
    assert.ok(!ignoredBy(patterns, p), `${p} is left out of the image`);
  }
  // The development server's image has its own ignore file, which keeps devserver/.
  const dev = ignorePatterns("devserver.Dockerfile.dockerignore");
  assert.ok(!ignoredBy(dev, "devserver/main.ts"));
  assert.ok(ignoredBy(dev, ".env") && ignoredBy(dev, "tests/db.ts"));
});
