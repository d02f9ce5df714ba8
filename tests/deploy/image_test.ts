import assert from "node:assert/strict";
import { freePort, freshDatabase } from "../e2e/stack.ts";
import { until } from "../faults/harness.ts";
import { readCompose } from "./files.ts";
import { buildImage, type BuiltImage, drain, startImage } from "./image.ts";
import { within } from "../../server/within.ts";

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/** The demo's settings from docker-compose.yml, with the containers' names made local. */
function demoEnv(devserverUrl: string, port: number): Record<string, string> {
  const env = { ...readCompose().services.demo.environment! };
  env.INSTANCE_BASE = devserverUrl;
  env.PORT = String(port);
  env.HOST = "127.0.0.1";
  env.UI_ORIGIN = `http://127.0.0.1:${port}`;
  env.LOG_LEVEL = "warning";
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  return env;
}

Deno.test({
  name: "the images' own commands, in their order, give the compose demo: devserver and service",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const built: BuiltImage[] = [];
    const children: Deno.ChildProcess[] = [];
    const db = await freshDatabase();
    try {
      const [service, devserver] = await Promise.all([
        buildImage("Dockerfile", ".dockerignore"),
        buildImage("devserver.Dockerfile", "devserver.Dockerfile.dockerignore"),
      ]);
      built.push(service, devserver);

      await t.step(
        "the images run the Deno these tests run on, and leave out what they should",
        async () => {
          assert.equal(service.from, `denoland/deno:${Deno.version.deno}`);
          assert.equal(devserver.from, service.from);
          for (const p of ["devserver", "tests", "bench", "dev.ts", "rules/engine_test.ts"]) {
            assert.ok(!(await exists(`${service.workdir}/${p}`)), `${p} is in the service image`);
          }
          assert.ok(await exists(`${service.workdir}/static/build`), "the islands are bundled");
          assert.ok(await exists(`${devserver.workdir}/devserver/main.ts`));
          assert.ok(!(await exists(`${devserver.workdir}/tests`)));
          assert.equal(service.env.DATA_DIR, `${service.root}/data`);
          assert.ok(await exists(`${service.root}/data`), "RUN made /data");
        },
      );

      const devPort = freePort();
      const dev = startImage(devserver, {
        DEVSERVER_HOST: "127.0.0.1",
        DEVSERVER_PORT: String(devPort),
        DEVSERVER_DATA_DIR: `${devserver.root}/data/devserver`,
      });
      children.push(dev);
      const devLog = drain(dev);
      const devUrl = `http://127.0.0.1:${devPort}`;
      await until(
        "the development server answers",
        async () => (await fetch(`${devUrl}/api/v2/instance`).then((r) => r.body?.cancel()).then(
          () => true,
        )),
        60_000,
      ).catch((err) => {
        throw new Error(`${err.message}\n${devLog.text()}`);
      });

      const port = freePort();
      const env = { ...demoEnv(devUrl, port), ...(db ? { DATABASE_URL: db.url } : {}) };
      const app = startImage(service, env);
      children.push(app);
      const log = drain(app);

      await t.step("CMD starts the service and /healthz reports every dependency up", async () => {
        let body: { status?: string; checks?: Record<string, { ok: boolean }> } = {};
        await until("/healthz answers 200", async () => {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          body = await res.json();
          return res.status === 200;
        }, 120_000).catch((err) => {
          throw new Error(`${err.message}: ${JSON.stringify(body)}\n${log.text()}`);
        });
        assert.equal(body.status, "ok");
        for (const name of ["postgres", "kv", "mastodon"]) {
          assert.equal(body.checks?.[name]?.ok, true, name);
        }
      });

      await t.step("its HEALTHCHECK command passes", async () => {
        assert.ok(service.healthcheck, "the Dockerfile has a HEALTHCHECK");
        const check = startImage(service, { PORT: String(port) }, service.healthcheck);
        const status = await check.output();
        assert.equal(status.code, 0, new TextDecoder().decode(status.stderr));
      });

      await t.step("the tasks run in the image: migrate --status, rules export", async () => {
        const status = await startImage(service, env, ["deno", "task", "migrate", "--status"])
          .output();
        const out = new TextDecoder().decode(status.stdout);
        assert.equal(status.code, 0, out + new TextDecoder().decode(status.stderr));
        assert.match(out, /Database is up to date\./);
        const rules = await startImage(service, env, [
          "deno",
          "task",
          "rules",
          "export",
          "-",
          "--url",
          `http://127.0.0.1:${port}`,
        ]).output();
        assert.equal(rules.code, 0, new TextDecoder().decode(rules.stderr));
        assert.ok(JSON.parse(new TextDecoder().decode(rules.stdout)).length > 0);
      });

      await t.step("SIGTERM stops the service cleanly", async () => {
        app.kill("SIGTERM");
        const status = await app.status;
        assert.equal(status.code, 0, log.text());
      });
    } finally {
      // SIGTERM first, as `docker stop` does: an image's command is `deno task …`, which passes
      // it on to the process it started, while a SIGKILL would end the task and leave that one
      // running.
      for (const c of children) {
        try {
          c.kill("SIGTERM");
        } catch { /* already gone */ }
      }
      for (const c of children) {
        const ended = await within(10_000, c.status).then(() => true, () => false);
        if (ended) continue;
        try {
          c.kill("SIGKILL");
        } catch { /* already gone */ }
        await c.status;
      }
      await db?.drop();
      for (const b of built) await Deno.remove(b.root, { recursive: true }).catch(() => {});
    }
  },
});
