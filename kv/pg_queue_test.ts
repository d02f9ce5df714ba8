/** The queue of the PostgreSQL adapter: delays, transactional sends, redelivery, dead letters. */
import assert from "node:assert/strict";
import { executor } from "./pg_boss_queue.ts";
import type { Kv } from "./port.ts";
import type { Queryable } from "./postgres_kv.ts";
import { HAS_POSTGRES, postgresKv } from "./testing.ts";

const ignore = !HAS_POSTGRES;

/** Collects what `kv` delivers; `until` waits (with a generous ceiling) for `n` messages. */
function collect(kv: Kv, handler?: (m: unknown, seen: number) => void) {
  const got: { message: unknown; at: number }[] = [];
  let seen = 0;
  const listening = kv.listenQueue((message) => {
    handler?.(message, ++seen);
    got.push({ message, at: Date.now() });
  });
  const until = async (n: number, ceilingMs = 30_000) => {
    const deadline = Date.now() + ceilingMs;
    while (got.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(got.length >= n, `expected ${n} messages within ${ceilingMs} ms, got ${got.length}`);
    return got;
  };
  return { got, until, listening };
}

Deno.test({
  name: "a delayed message arrives after its delay, on Deno KV and on PostgreSQL alike",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    const denoKv = await Deno.openKv(":memory:");
    try {
      for (const kv of [denoKv, pg.kv]) {
        const { until } = collect(kv);
        const sent = Date.now();
        await kv.atomic().enqueue({ n: "later" }, { delay: 1_500 }).enqueue({ n: "now" }).commit();
        const got = await until(2);
        assert.deepEqual(got.map((g) => g.message), [{ n: "now" }, { n: "later" }]);
        assert.ok(got[1].at - sent >= 1_400, `delivered after ${got[1].at - sent} ms`);
      }
    } finally {
      denoKv.close();
      await pg.close();
    }
  },
});

Deno.test({
  name: "a commit that fails its check sends none of its messages",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    try {
      await pg.kv.set(["k"], 1);
      const failed = await pg.kv.atomic().check({ key: ["k"], versionstamp: null })
        .enqueue({ n: "never" }).commit();
      assert.equal(failed.ok, false);
      await pg.kv.atomic().enqueue({ n: "sent" }).commit();
      const { got, until } = collect(pg.kv);
      await until(1);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.deepEqual(got.map((g) => g.message), [{ n: "sent" }]);
    } finally {
      await pg.close();
    }
  },
});

Deno.test({
  name: "a message whose handler throws is delivered again",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    try {
      const { got, until } = collect(pg.kv, (_m, seen) => {
        if (seen === 1) throw new Error("first try fails");
      });
      await pg.kv.enqueue({ n: 1 });
      await until(1);
      assert.deepEqual(got.map((g) => g.message), [{ n: 1 }]);
    } finally {
      await pg.close();
    }
  },
});

Deno.test({
  name: "a message that fails every try lands at its keysIfUndelivered",
  ignore,
  fn: async () => {
    const pg = await postgresKv({ retryLimit: 1 });
    try {
      collect(pg.kv, () => {
        throw new Error("always fails");
      });
      await pg.kv.enqueue({ run: "r1" }, { keysIfUndelivered: [["dead", "r1"]] });
      const deadline = Date.now() + 60_000;
      while ((await pg.kv.get(["dead", "r1"])).value === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual((await pg.kv.get(["dead", "r1"])).value, { run: "r1" });
    } finally {
      await pg.close();
    }
  },
});

Deno.test({
  name: "a message held by a killed process is delivered to another once its heartbeat stops",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    const holder = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./testing_holder.ts", import.meta.url).pathname],
      env: { KV_SCHEMA: pg.schemas.kv, BOSS_SCHEMA: pg.schemas.boss },
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    try {
      await pg.kv.enqueue({ n: "held" });
      const reader = holder.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let out = "";
      while (!out.includes("held")) {
        const { value, done } = await reader.read();
        if (done) break;
        out += value;
      }
      assert.match(out, /held \{"n":"held"\}/);
      holder.kill("SIGKILL");
      await holder.status;
      reader.releaseLock();
      const { got, until } = collect(pg.kv);
      await until(1, 90_000);
      assert.deepEqual(got.map((g) => g.message), [{ n: "held" }]);
    } finally {
      try {
        holder.kill("SIGKILL");
      } catch { /* already gone */ }
      await holder.stdout.cancel().catch(() => {});
      await pg.close();
    }
  },
});

Deno.test({
  name: "processes starting at once on a fresh database all get the queue installed",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    try {
      const stores = [pg.kv, pg.another(), pg.another()];
      await Promise.all(stores.map((kv) => kv.enqueue({ from: "a process starting" })));
      const { until } = collect(pg.kv);
      await until(3);
      assert.deepEqual((await pg.kv.get(["health"])).value, null, "the pool still answers");
    } finally {
      await pg.close();
    }
  },
});

Deno.test({
  name: "fifty commits at once, each with a message, on a pool of four connections all arrive",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    try {
      // A fresh process: its first sends happen inside transactions holding the pool.
      const fresh = pg.another();
      const results = await Promise.all(
        Array.from(
          { length: 50 },
          (_, i) => fresh.atomic().set(["state", i], i).enqueue({ i }).commit(),
        ),
      );
      assert.ok(results.every((r) => r.ok));
      const { got, until } = collect(pg.kv);
      await until(50, 60_000);
      assert.deepEqual(new Set(got.map((g) => (g.message as { i: number }).i)).size, 50);
    } finally {
      await pg.close();
    }
  },
});

Deno.test("pg-boss's queries are bounded: one lost with its connection fails instead of hanging", async () => {
  // A query postgres.js never settles, as after a connection cut mid-write.
  const lost = { unsafe: () => new Promise<never>(() => {}) } as unknown as Queryable;
  const db = executor(lost, 50);
  const started = Date.now();
  await assert.rejects(db.executeSql("SELECT $1", [1]), /no answer within 50 ms/);
  assert.ok(Date.now() - started < 5_000);
  // An answer in time is passed through.
  const fine = { unsafe: () => Promise.resolve([{ one: 1 }]) } as unknown as Queryable;
  assert.deepEqual(await executor(fine, 50).executeSql("SELECT $1", [1]), { rows: [{ one: 1 }] });
});
