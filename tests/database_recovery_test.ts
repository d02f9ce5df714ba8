/**
 * The service started while its database is unreachable: /healthz answers 503, and once the
 * database answers the migrations apply and /healthz turns 200 without a restart; until they
 * have, its start-up check says the service is not ready.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { run } from "../main.ts";

const base = Deno.env.get("TEST_DATABASE_URL");

/** A TCP relay to the real server that can be switched on after the service has started. */
function relay(target: { hostname: string; port: number }) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens until start(): connections are refused
  let active: Deno.Listener | undefined;
  const conns: Deno.Conn[] = [];
  return {
    port,
    start() {
      active = Deno.listen({ hostname: "127.0.0.1", port });
      (async () => {
        for await (const conn of active!) {
          const upstream = await Deno.connect(target);
          conns.push(conn, upstream);
          conn.readable.pipeTo(upstream.writable).catch(() => {});
          upstream.readable.pipeTo(conn.writable).catch(() => {});
        }
      })().catch(() => {});
    },
    stop() {
      active?.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
    },
  };
}

Deno.test({
  name: "the service waits for an unreachable database and recovers when it returns",
  ignore: !base,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const url = new URL(base!);
    const dbName = `mw_ready_${crypto.randomUUID().slice(0, 8)}`;
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    const r = relay({ hostname: url.hostname, port: Number(url.port || 5432) });
    const service = await run({
      PORT: "0",
      HOST: "127.0.0.1",
      KV_PATH: ":memory:",
      LOG_LEVEL: "fatal",
      DATABASE_URL: `postgres://${url.username || "postgres"}@127.0.0.1:${r.port}/${dbName}`,
    }, "dev");
    try {
      const down = await fetch(`${service.url}/healthz`);
      assert.equal(down.status, 503);
      const body = await down.json();
      assert.equal(body.checks.postgres.ok, false);
      // Not ready before the migrations applied, whatever the connection says.
      assert.equal(body.checks.startup.ok, false);
      r.start();
      await service.ready;
      const up = await fetch(`${service.url}/healthz`);
      assert.equal(up.status, 200);
      assert.equal((await up.json()).checks.startup.ok, true);
    } finally {
      await service.shutdown();
      r.stop();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  },
});
